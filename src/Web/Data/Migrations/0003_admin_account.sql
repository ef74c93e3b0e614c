-- The one administrator (like piranha-passwd). The hash is PBKDF2 in a self-describing text form.
CREATE TABLE admin_account (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    user_name     TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    changed_at    TEXT NOT NULL
);
