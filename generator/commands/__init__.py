"""The doors: each command is a thin function over the stages. `build` is the pipeline's table of
contents (read, summarise, merge, render, build the site); `serve`, `check`, `scaffold` (init),
`add` and `preview` (extract) are the others. `isolated` runs the generator in a forked child."""
