import { expect, type Page } from "@playwright/test";

// Taking a quiz in the browser tests: read the right answers off a graded
// attempt's result page, then answer a new attempt with them.

export type Feedback = { options: string[]; accepted: string[] }[];

/** What the result page says the right answers are, question by question. */
export async function readFeedback(page: Page): Promise<Feedback> {
  return page.locator("ol.reviewed > li").evaluateAll((items) =>
    items.map((item) => ({
      options: Array.from(item.querySelectorAll("li.option.correct")).map((li) => {
        const note = li.querySelector(".option-note")?.textContent ?? "";
        return (li.textContent ?? "").replace(note, "").trim();
      }),
      accepted: Array.from(item.querySelectorAll("p"))
        .map((p) => p.textContent ?? "")
        .filter((t) => t.startsWith("Đáp án được chấp nhận"))
        .flatMap((t) => t.replace(/^Đáp án được chấp nhận:\s*/, "").split("; ")),
    })),
  );
}

/** Answers the quiz form on `page` with `feedback`; a typed answer is the
 * first accepted one, as `typed` writes it. */
export async function answerFromFeedback(
  page: Page,
  feedback: Feedback,
  typed: (answer: string) => string = (answer) => answer,
) {
  const questions = page.locator("form.quiz-form li.question");
  await expect(questions).toHaveCount(feedback.length);
  for (let i = 0; i < feedback.length; i++) {
    const question = questions.nth(i);
    if (feedback[i].accepted.length > 0) await question.getByRole("textbox").fill(typed(feedback[i].accepted[0]));
    for (const option of feedback[i].options) await question.getByLabel(option, { exact: true }).check();
  }
}
