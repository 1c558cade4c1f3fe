//! `hocso demo-data`: a realistic city to try the officials' features and
//! to benchmark them: a city, its departments and wards (each ward with
//! sub-units), tens of thousands of officials with positions and dated
//! memberships, a manager per department and ward, city-wide assignments
//! of the seeded courses with deadlines before and after today, and
//! progress spread over the past months, with the lessons, quiz attempts
//! and certificates behind it (`demo_history`). Bulk statements (multi-row
//! VALUES, INSERT … SELECT) keep it to a minute or two on either backend;
//! every account shares one password hash (one argon2 hash, not 50,000).
//! A second run finds the city's unit and changes nothing.

use super::demo_history::{HistoryCounts, write_history};
use super::{Db, now_unix};
use crate::domain::text::fold;

/// The size of the city to make.
#[derive(Debug, Clone)]
pub struct DemoSpec {
    pub departments: usize,
    pub wards: usize,
    pub sub_units_per_ward: usize,
    pub officials: usize,
    pub assignments: usize,
    /// The argon2 PHC string every demo account signs in with.
    pub password_hash: String,
}

/// What was made.
#[derive(Debug, Clone, Default)]
pub struct DemoReport {
    pub already_there: bool,
    pub units: usize,
    pub officials: usize,
    pub assignments: usize,
    pub assignees: i64,
    /// The lessons read, quiz attempts and certificates behind the progress.
    pub history: HistoryCounts,
    /// `(phone, unit name)` of a few managers, to sign in as.
    pub managers: Vec<(String, String)>,
}

/// The city's unit code: its presence means the demo data is there.
pub const DEMO_CITY: &str = "DN";
const PHONE_BASE: u64 = 980_000_000;

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Xuân", "Thu", "Gia", "Bảo",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngân", "Nhung", "Phúc", "Phương", "Quân",
    "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Uyên", "Vy", "Yến",
];
const POSITIONS: &[&str] = &[
    "Chuyên viên",
    "Công chức",
    "Cán bộ một cửa",
    "Văn thư",
    "Lãnh đạo",
];
const DEPARTMENTS: &[&str] = &[
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa và Thể thao",
    "Sở Du lịch",
    "Sở Tư pháp",
    "Sở Công Thương",
];
const SUB_UNITS: &[&str] = &[
    "Bộ phận một cửa",
    "Văn phòng",
    "Phòng Văn hóa - Xã hội",
    "Phòng Kinh tế",
];

/// `($1, …, $k), ($k+1, …)`: `rows` groups of `width` placeholders, for
/// the multi-row inserts of the demo.
pub(super) fn placeholders(rows: usize, width: usize) -> String {
    let mut out = String::with_capacity(rows * width * 5);
    for r in 0..rows {
        out.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            if c > 0 {
                out.push_str(", ");
            }
            out.push_str(&format!("${}", r * width + c + 1));
        }
        out.push(')');
    }
    out
}

/// A small deterministic generator (the same city every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
}

impl Db {
    /// Makes the demo city (see the module's documentation).
    pub async fn demo_data(&self, spec: &DemoSpec) -> Result<DemoReport, sqlx::Error> {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
            .bind(DEMO_CITY)
            .fetch_optional(&self.pool)
            .await?;
        if exists.is_some() {
            return Ok(DemoReport {
                already_there: true,
                ..Default::default()
            });
        }
        let courses: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM courses WHERE hidden_at IS NULL ORDER BY position, slug",
        )
        .fetch_all(&self.pool)
        .await?;
        // read before the transaction: reading a quiz may store its version
        let steps = self.demo_courses().await?;
        let now = now_unix();
        let day = 86_400;
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let mut report = DemoReport::default();

        // the tree: the city, departments, wards and their sub-units
        let mut insert_unit = async |code: String, name: String, parent: Option<(i64, String)>| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO units (code, name, parent_id, path, created_at, updated_at)
                 VALUES ($1, $2, $3, '', $4, $4) RETURNING id",
            )
            .bind(&code)
            .bind(&name)
            .bind(parent.as_ref().map(|p| p.0))
            .bind(now - 400 * day)
            .fetch_one(&mut *tx)
            .await?;
            let path = format!("{}{id}/", parent.map_or_else(|| "/".to_owned(), |p| p.1));
            sqlx::query("UPDATE units SET path = $1 WHERE id = $2")
                .bind(&path)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            Ok::<_, sqlx::Error>((id, path, name))
        };
        let city = insert_unit(DEMO_CITY.into(), "Thành phố Đà Nẵng".into(), None).await?;
        // (unit id, name, people weight, is a top unit of the city)
        let mut places: Vec<(i64, String, usize, bool)> = Vec::new();
        for i in 0..spec.departments {
            let name = match DEPARTMENTS.get(i) {
                Some(name) => (*name).to_owned(),
                None => format!("Sở chuyên ngành số {}", i + 1),
            };
            let dept = insert_unit(
                format!("DN-S{:02}", i + 1),
                name,
                Some((city.0, city.1.clone())),
            )
            .await?;
            places.push((dept.0, dept.2, 3, true));
        }
        for i in 0..spec.wards {
            let ward = insert_unit(
                format!("DN-P{:02}", i + 1),
                format!("Phường số {}", i + 1),
                Some((city.0, city.1.clone())),
            )
            .await?;
            places.push((ward.0, ward.2.clone(), 3, true));
            for j in 0..spec.sub_units_per_ward {
                let sub_name = SUB_UNITS[j % SUB_UNITS.len()];
                let sub = insert_unit(
                    format!("DN-P{:02}-{:02}", i + 1, j + 1),
                    format!("{sub_name} - {}", ward.2),
                    Some((ward.0, ward.1.clone())),
                )
                .await?;
                places.push((sub.0, sub.2, 2, false));
            }
        }
        report.units = 1 + places.len();

        // officials, in batches of multi-row inserts
        let weights: usize = places.iter().map(|p| p.2).sum();
        let mut slots: Vec<usize> = Vec::with_capacity(weights);
        for (i, place) in places.iter().enumerate() {
            slots.extend(std::iter::repeat_n(i, place.2));
        }
        let first_user: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM users")
            .fetch_one(&mut *tx)
            .await?;
        const BATCH: usize = 400;
        let mut made = 0;
        while made < spec.officials {
            let n = BATCH.min(spec.officials - made);
            let rows: Vec<(String, String)> = (0..n)
                .map(|k| {
                    let name = format!(
                        "{} {} {}",
                        rng.pick(FAMILY),
                        rng.pick(MIDDLE),
                        rng.pick(GIVEN)
                    );
                    (name, format!("+84{}", PHONE_BASE + (made + k) as u64))
                })
                .collect();
            let users = format!(
                "INSERT INTO users (full_name, name_search, phone, password_hash, created_at, updated_at)
                 VALUES {} ON CONFLICT DO NOTHING",
                placeholders(n, 6)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(users));
            for (name, phone) in &rows {
                query = query
                    .bind(name.clone())
                    .bind(fold(name))
                    .bind(phone.clone())
                    .bind(spec.password_hash.clone())
                    .bind(now - 400 * day)
                    .bind(now - 400 * day);
            }
            query.execute(&mut *tx).await?;
            made += n;
        }
        // their memberships: each phone's account, in a unit picked by weight
        let ids: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, phone FROM users WHERE id > $1 AND phone LIKE '+8498%' ORDER BY id",
        )
        .bind(first_user)
        .fetch_all(&mut *tx)
        .await?;
        report.officials = ids.len();
        let mut manager_of: Vec<Option<(i64, String)>> = vec![None; places.len()];
        for chunk in ids.chunks(BATCH) {
            let sql = format!(
                "INSERT INTO unit_memberships (user_id, unit_id, position, from_at) VALUES {}",
                placeholders(chunk.len(), 4)
            );
            let mut binds: Vec<(i64, i64, String, i64)> = Vec::with_capacity(chunk.len());
            for (user, phone) in chunk {
                let place = slots[(rng.next() % slots.len() as u64) as usize];
                let position = if manager_of[place].is_none() && places[place].3 {
                    manager_of[place] = Some((*user, phone.clone()));
                    "Lãnh đạo"
                } else {
                    rng.pick(POSITIONS)
                };
                let from = now - (30 + (rng.next() % 700) as i64) * day;
                binds.push((*user, places[place].0, position.to_owned(), from));
            }
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (user, unit, position, from) in binds {
                query = query.bind(user).bind(unit).bind(position).bind(from);
            }
            query.execute(&mut *tx).await?;
        }
        sqlx::query(
            "UPDATE users SET unit_id = (SELECT m.unit_id FROM unit_memberships m
                                         WHERE m.user_id = users.id AND m.until_at IS NULL)
             WHERE id > $1",
        )
        .bind(first_user)
        .execute(&mut *tx)
        .await?;
        for (place, manager) in manager_of.iter().enumerate() {
            if let Some((user, phone)) = manager {
                sqlx::query(
                    "INSERT INTO unit_managers (user_id, unit_id, granted_at) VALUES ($1, $2, $3)
                     ON CONFLICT DO NOTHING",
                )
                .bind(user)
                .bind(places[place].0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if report.managers.len() < 3 || places[place].1 == "Phường số 1" {
                    report
                        .managers
                        .push((phone.clone(), places[place].1.clone()));
                }
            }
        }

        // Everyone's progress with each course to be assigned, once per
        // person and course as the product records it: r in 0..100 from the
        // ids, 60 % completed (1 to 25 days after starting, 10 to 160 days
        // ago), 20 % in progress (last seen 1 to 20 days after starting), the
        // rest not started. Nothing after now.
        let assigned: Vec<i64> = courses
            .iter()
            .copied()
            .take(spec.assignments.min(courses.len()))
            .collect();
        for &course in &assigned {
            let spread = "((m.user_id * 7919 + $2 * 104729) % 100)";
            let started =
                "($3 - (10 + (m.user_id * 31 + $2 * 17) % 150) * 86400 - (m.user_id * 7) % 86400)";
            let completed = format!(
                "CASE WHEN {spread} < 60
                      THEN {started} + (1 + (m.user_id * 13 + $2) % 25) * 86400 + (m.user_id * 11) % 3600
                 END"
            );
            let sql = format!(
                "INSERT INTO course_progress (user_id, course_id, started_at, updated_at, completed_at)
                 SELECT user_id, $2, started_at,
                        COALESCE(completed_at,
                                 CASE WHEN started_at + (1 + user_id % 20) * 86400 > $3 THEN $3
                                      ELSE started_at + (1 + user_id % 20) * 86400 END),
                        completed_at
                 FROM (SELECT m.user_id, {started} AS started_at,
                              CASE WHEN {completed} <= $3 THEN {completed} END AS completed_at
                       FROM unit_memberships m
                       WHERE m.until_at IS NULL AND m.user_id > $1 AND {spread} < 80) AS planned
                 ORDER BY user_id"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(first_user)
                .bind(course)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        // city-wide assignments of those courses, deadlines from 4 months
        // ago to 2 months ahead; each person's record of the course is
        // theirs for every assignment of it (as when an assignment is given)
        for i in 0..spec.assignments {
            let Some(&course) = assigned.get(i % assigned.len().max(1)) else {
                break;
            };
            let deadline =
                now - 120 * day + (i as i64 * 180 / spec.assignments.max(1) as i64) * day;
            let deadline = crate::domain::end_of_day(crate::domain::Moment(deadline).date_vn());
            let given = deadline - 60 * day;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO assignments (course_id, deadline_at, authority, document, note,
                     owner_unit_id, created_at)
                 VALUES ($1, $2, 'UBND thành phố Đà Nẵng', $3, $4, $5, $6) RETURNING id",
            )
            .bind(course)
            .bind(deadline)
            .bind(format!("Kế hoạch số {}/KH-UBND", 100 + i))
            .bind("Dữ liệu mẫu (hocso demo-data)")
            .bind(city.0)
            .bind(given)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO assignment_targets (assignment_id, unit_id, include_sub, position)
                 VALUES ($1, $2, 1, '')",
            )
            .bind(id)
            .bind(city.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO assignees (assignment_id, user_id, course_id, unit_id, position,
                     due_at, added_at, started_at, completed_at)
                 SELECT $1, m.user_id, $2, m.unit_id, m.position, $3, $4, p.started_at, p.completed_at
                 FROM unit_memberships m
                 LEFT JOIN course_progress p ON p.user_id = m.user_id AND p.course_id = $2
                 WHERE m.until_at IS NULL AND m.user_id > $5",
            )
            .bind(id)
            .bind(course)
            .bind(deadline)
            .bind(given)
            .bind(first_user)
            .execute(&mut *tx)
            .await?;
            report.assignments += 1;
        }
        report.history = write_history(&mut tx, &steps, first_user, now).await?;
        report.assignees =
            sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM assignees WHERE user_id > $1")
                .bind(first_user)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        // the planner's statistics, for the tables just filled
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(report)
    }
}
