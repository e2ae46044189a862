"""Running the programs: verification, hyperfine, adaptive run counts, bench and scaling."""
