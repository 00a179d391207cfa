"""System Design Casebook generator: case-study YAML to Markdown pages for mkdocs."""
