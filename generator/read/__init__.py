"""Stage 1, read: the project's files -> validated values.

Takes content/articles/ (Markdown or text with front matter, saved web pages) and gives Articles
with cleaned, numbered paragraphs, or Problems naming file and line (`sources`, `cleaning`,
`webpage`, cached by `articlecache`); takes content/entities.yml and gives the editor's Curation
(`curation`). Imports only `core`."""
