"""Output: findings and diffs rendered as text, JSON, SARIF, GitHub commands, Markdown and HTML."""
