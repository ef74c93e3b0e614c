-- Users with roles, instead of the one administrator: admin (everything), operator (edit, apply and operate) and
-- viewer (read). The administrator becomes the first admin, with the password it has.
CREATE TABLE users (
    name                TEXT PRIMARY KEY,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    password_hash       TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    disabled            INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL
);
INSERT INTO users (name, role, password_hash, password_changed_at, created_at, created_by)
    SELECT user_name, 'admin', password_hash, changed_at, changed_at, 'setup' FROM admin_account;
DROP TABLE admin_account;
