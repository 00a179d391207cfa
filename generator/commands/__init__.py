"""Commands that take the casebook elsewhere: PDF, EPUB, an Anki deck and the cheat sheet."""
