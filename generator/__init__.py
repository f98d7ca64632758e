"""briefing: a folder of news articles -> a static briefing site. One package per pipeline stage.

Read the tree in pipeline order; imports run one way, from a stage to the stages before it and to
`core` (tests/test_layout.py holds the rule):

    core/       the shared vocabulary: models, errors, config, slugs, name keys, YAML and text I/O, progress
    read/       files -> Articles (front matter, cleaned paragraphs, saved web pages) and entities.yml -> Curation
    summarize/  Articles -> Summaries (spaCy extraction, the temporal tagger, summary files and their cache)
    merge/      Summaries -> Briefing (one entity per real thing, one chronology entry per event, series)
    render/     Briefing -> Markdown pages and data exports in the build folder (Jinja templates)
    sitebuild/  the rendered pages -> site/ (MkDocs or Zensical, built aside and swapped in)
    commands/   the doors: build (the pipeline's table of contents), serve, check, init, add, extract
    cli.py      the command line over the doors
"""
