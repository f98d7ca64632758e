"""The shared vocabulary every stage speaks: typed values (models), errors, the project's config,
slugs, name keys, and reading and writing text and YAML safely. Imports nothing from the stages."""
