"""Generator robustness: real-world specs, hostile specs, injection, safe output (issue 6)."""
