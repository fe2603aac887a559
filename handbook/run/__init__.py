"""Running a build: gather, plan, render, audit, commit; check; incremental manifests."""
