from align.entry import run

run()
