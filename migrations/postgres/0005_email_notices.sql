-- E-mail notices (issue 4): a customer may prefer e-mail to SMS for ticket news.
ALTER TABLE users ADD COLUMN notify_by_email BOOLEAN NOT NULL DEFAULT FALSE;
