-- The language a person uses the portal in, so that notices sent later (a reply from support,
-- say) reach them in it, not in the default Russian.
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'ru';
