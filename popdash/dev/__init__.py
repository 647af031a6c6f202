"""Developer tooling the app never imports: the sample generator, the scaled synthetic network
and the benchmark. Run as python -m popdash.dev <command>."""

COMMANDS = ("popdash.dev.sample_command", "popdash.dev.bench_command")
