-- The inbox search: a trigram FTS5 index over cases.search_text (substring match for terms of
-- three characters or more, Chinese names and phone suffixes included). External content: the
-- text lives only in `cases`, keyed by its rowid; the triggers keep the index in step with it.
CREATE VIRTUAL TABLE `cases_search` USING fts5(search_text, content='cases', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `cases_search_insert` AFTER INSERT ON `cases` BEGIN
  INSERT INTO cases_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `cases_search_delete` AFTER DELETE ON `cases` BEGIN
  INSERT INTO cases_search (cases_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
--> statement-breakpoint
-- Most commits leave the data alone: re-index only when the text really changed.
CREATE TRIGGER `cases_search_update` AFTER UPDATE OF search_text ON `cases`
WHEN old.search_text IS NOT new.search_text BEGIN
  INSERT INTO cases_search (cases_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
  INSERT INTO cases_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
--> statement-breakpoint
INSERT INTO cases_search (cases_search) VALUES ('rebuild');
