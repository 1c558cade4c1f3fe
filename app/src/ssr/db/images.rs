//! Images that editors upload (checked and stripped of their metadata by
//! `ssr::editorial::image`), stored once per picture and served from
//! `/anh/<hash>.<ext>` by every app server; and where a renamed item's old
//! address leads now.

use super::{Db, now_unix};
use crate::domain::ItemKind;
use crate::ssr::editorial::image::Accepted;
use sqlx::Row;
use std::collections::{HashMap, HashSet};

/// Where stored images are served: `/anh/<32 hex>.<png|jpg|webp>`.
pub const IMAGE_PREFIX: &str = "/anh/";

/// Hashes looked up in one query at most.
const SIZES_PER_QUERY: usize = 100;

/// The hash and media type named by an image's file name,
/// `<32 lowercase hex>.<png|jpg|webp>`; `None` for any other name.
pub fn image_file(name: &str) -> Option<(&str, &'static str)> {
    let (hash, ext) = name.split_once('.')?;
    let mime = match ext {
        "png" => "image/png",
        "jpg" => "image/jpeg",
        "webp" => "image/webp",
        _ => return None,
    };
    let hex = hash.len() == 32
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    hex.then_some((hash, mime))
}

/// The hashes of the stored images a markdown text shows (`/anh/<hash>.<ext>`
/// anywhere in it), each once, in order of first appearance.
pub fn image_hashes_in(markdown: &str) -> Vec<String> {
    let mut hashes: Vec<String> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for (at, _) in markdown.match_indices(IMAGE_PREFIX) {
        let rest = &markdown[at + IMAGE_PREFIX.len()..];
        // the file name runs to the first character that cannot be in one
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
            .unwrap_or(rest.len());
        let found = image_file(&rest[..end]);
        if let Some((hash, _)) = found
            && seen.insert(hash)
        {
            hashes.push(hash.to_owned());
        }
    }
    hashes
}

impl Db {
    /// Stores an accepted image unless the same picture is there already,
    /// and records the upload in the audit log; whether it was new.
    pub async fn store_image(
        &self,
        image: &Accepted,
        uploaded_by: i64,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let stored = sqlx::query(
            "INSERT INTO images (hash, mime, width, height, bytes, uploaded_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (hash) DO NOTHING",
        )
        .bind(&image.hash)
        .bind(image.mime)
        .bind(i64::from(image.width))
        .bind(i64::from(image.height))
        .bind(image.bytes.clone())
        .bind(uploaded_by)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query(
            "INSERT INTO audit_log (actor_id, action, detail, created_at)
             VALUES ($1, 'content_image', $2, $3)",
        )
        .bind(uploaded_by)
        .bind(format!("{}.{}", image.hash, image.ext))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(stored > 0)
    }

    /// A stored image: `(media type, bytes)`.
    pub async fn image(&self, hash: &str) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
        let row = sqlx::query("SELECT mime, bytes FROM images WHERE hash = $1")
            .bind(hash)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok((row.try_get("mime")?, row.try_get("bytes")?)))
            .transpose()
    }

    /// Width and height of those of `hashes` that are stored.
    pub async fn image_sizes(
        &self,
        hashes: &[String],
    ) -> Result<HashMap<String, (u32, u32)>, sqlx::Error> {
        let mut sizes = HashMap::new();
        for chunk in hashes.chunks(SIZES_PER_QUERY) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
            // only placeholders are formatted into the statement
            let sql = format!(
                "SELECT hash, width, height FROM images WHERE hash IN ({})",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for hash in chunk {
                query = query.bind(hash);
            }
            for row in query.fetch_all(&self.pool).await? {
                let hash: String = row.try_get("hash")?;
                let width: i64 = row.try_get("width")?;
                let height: i64 = row.try_get("height")?;
                if let (Ok(width), Ok(height)) = (u32::try_from(width), u32::try_from(height)) {
                    sizes.insert(hash, (width, height));
                }
            }
        }
        Ok(sizes)
    }

    /// The address readers find an item at now (`/bai-viet/{slug}` or
    /// `/khoa-hoc/{course}/{lesson}`), when it is shown to them: where an
    /// old address recorded in `slug_redirects` leads.
    pub async fn item_address(&self, kind: &str, id: i64) -> Result<Option<String>, sqlx::Error> {
        match ItemKind::from_code(kind) {
            Some(ItemKind::Article) => {
                let slug: Option<String> = sqlx::query_scalar(
                    "SELECT slug FROM articles WHERE id = $1 AND hidden_at IS NULL",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(slug.map(|slug| format!("/bai-viet/{slug}")))
            }
            Some(ItemKind::Lesson) => {
                let slugs: Option<(String, String)> = sqlx::query_as(
                    "SELECT c.slug, l.slug FROM lessons l JOIN courses c ON c.id = l.course_id
                     WHERE l.id = $1 AND l.hidden_at IS NULL AND c.hidden_at IS NULL",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(slugs.map(|(course, lesson)| format!("/khoa-hoc/{course}/{lesson}")))
            }
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn image_file_names_are_a_hash_and_a_known_extension() {
        assert_eq!(
            image_file(&format!("{HASH}.png")),
            Some((HASH, "image/png"))
        );
        assert_eq!(
            image_file(&format!("{HASH}.jpg")),
            Some((HASH, "image/jpeg"))
        );
        assert_eq!(
            image_file(&format!("{HASH}.webp")),
            Some((HASH, "image/webp"))
        );
        for bad in [
            format!("{HASH}.jpeg"),
            format!("{HASH}.PNG"),
            format!("{HASH}.svg"),
            format!("{HASH}.png.php"),
            format!("{}.png", HASH.to_uppercase()),
            format!("{}.png", &HASH[1..]),
            format!("{HASH}0.png"),
            HASH.to_owned(),
            "../x.png".to_owned(),
        ] {
            assert_eq!(image_file(&bad), None, "{bad}");
        }
    }

    #[test]
    fn the_hashes_of_a_text_are_found_once_each() {
        let other = "ffffffffffffffffffffffffffffffff";
        let markdown = format!(
            "![a](/anh/{HASH}.jpg) ![b](/anh/{other}.webp \"t\")\n\
             <img src=\"/anh/{HASH}.jpg\"> /anh/{HASH}.gif /anh/short.png /anh/"
        );
        assert_eq!(image_hashes_in(&markdown), [HASH, other]);
        assert!(image_hashes_in("Không có ảnh /anh/ nào.").is_empty());
        // a multi-byte character right after the prefix does not panic
        assert!(image_hashes_in("/anh/ảnh").is_empty());
    }
}
