# Dossiers, ballots and decisions arrive with the nominations issue.
