"""Running the programs: verification, hyperfine, adaptive run counts, make bench."""
