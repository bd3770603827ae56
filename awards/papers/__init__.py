"""The papers of the awards: the Director's Quyết định khen thưởng with its list and the tờ trình to the
higher level (awards.papers.decision), the achievement reports a nominee fills in (awards.papers.achievement),
the certificates (awards.papers.certificates) and the council's minutes and ballot form
(awards.papers.minutes). Their editable texts are registered when the app is ready
(awards.apps), so that the editing page sees every kind."""
