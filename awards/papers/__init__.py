"""The papers of the awards: the Director's Quyết định khen thưởng with its list and the tờ trình to the
higher level (awards.papers.decision), the achievement reports a nominee fills in (awards.papers.achievement).
Their editable texts are registered in awards.papers.texts, imported when the app is ready so that the
editing page sees every kind."""
