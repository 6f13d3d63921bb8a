"""Output targets: each lists the files it renders from the IR (client, docs)."""
