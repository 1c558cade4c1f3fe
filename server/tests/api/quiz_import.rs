//! `hocso quiz-import FILE --format gift|aiken|vn --dry-run`: the JSON of
//! what was understood, or the problems with their lines; nothing saved.

use serde_json::{Value, json};
use std::process::Command;

fn dry_run(format: &str, text: &[u8]) -> (i32, Value, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "hocso-quiz-import-{}-{format}-{}",
        std::process::id(),
        text.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("de-thi.txt");
    std::fs::write(&file, text).unwrap();
    let database = dir.join("never.db");
    let output = Command::new(env!("CARGO_BIN_EXE_hocso"))
        .args([
            "quiz-import",
            file.to_str().unwrap(),
            "--format",
            format,
            "--dry-run",
        ])
        .env("DATABASE_URL", format!("sqlite://{}", database.display()))
        .output()
        .expect("hocso runs");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout:?} {:?}", output.stderr));
    assert!(!database.exists(), "a dry run touches no database");
    (output.status.code().unwrap_or(-1), value, dir)
}

#[test]
fn a_vietnamese_quiz_is_understood_and_nothing_is_saved() {
    let text = "Câu 1. Mã OTP dùng để làm gì?\r\nA. Xác nhận giao dịch\r\nB. Chia sẻ cho người thân\r\n\
                Câu 2: Những cách nào giữ tài khoản an toàn?\r\nA. Mật khẩu mạnh  B. Đọc OTP cho người lạ  C. Xác thực hai lớp\r\n\
                Đáp án: 1-A, 2-AC\r\n";
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    let (code, value, dir) = dry_run("vn", &bytes);
    assert_eq!(code, 0, "{value}");
    assert_eq!(
        value,
        json!({"questions": [
            {"type": "single", "text": "Mã OTP dùng để làm gì?",
             "options": ["Xác nhận giao dịch", "Chia sẻ cho người thân"], "correct": [0], "explanation": null},
            {"type": "multiple", "text": "Những cách nào giữ tài khoản an toàn?",
             "options": ["Mật khẩu mạnh", "Đọc OTP cho người lạ", "Xác thực hai lớp"], "correct": [0, 2], "explanation": null}
        ]})
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_mistake_is_reported_with_its_line_and_status_2() {
    let text = "Câu 1. Mã OTP dùng để làm gì?\nA. Xác nhận giao dịch\nB. Chia sẻ\nĐáp án: 1-D\n";
    let (code, value, dir) = dry_run("vn", text.as_bytes());
    assert_eq!(code, 2, "{value}");
    let errors = value["errors"].as_array().expect("errors");
    assert_eq!(errors[0]["line"], 4, "{value}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn aiken_and_gift_are_read_too() {
    let aiken = "Mật khẩu nào mạnh nhất?\nA. 123456\nB. Ngày sinh\nC. Hoa-sen-no-trong-dam-2026\nANSWER: C\n";
    let (code, value, dir) = dry_run("aiken", aiken.as_bytes());
    assert_eq!(code, 0, "{value}");
    assert_eq!(value["questions"][0]["correct"], json!([2]));
    std::fs::remove_dir_all(dir).unwrap();
    let gift = "::OTP::Ngân hàng có thể hỏi mã OTP qua điện thoại. {F}\n";
    let (code, value, dir) = dry_run("gift", gift.as_bytes());
    assert_eq!(code, 0, "{value}");
    assert_eq!(value["questions"][0]["type"], "true_false");
    assert_eq!(value["questions"][0]["correct"], false);
    std::fs::remove_dir_all(dir).unwrap();
}
