"""The council's secret ballot, secret from the database too: what is stored, and why no row, column, order,
timestamp, sequence, transaction id, log line or audit entry links a member to a choice.

What is stored
--------------
- ``awards_ballotreceipt`` (id, session, member): that the member voted in the session, one row per member
  (the unique constraint refuses a second). No time, no choice. Who voted is what the law needs kept (a
  member votes once, only members present vote); the minutes count the voters among the members present.
- ``awards_sealedtally`` (session, sealed): while an electronic ballot is open, ONE row per session holding
  its running tally, encrypted: ``nonce (12 bytes) || AES-256-GCM(plaintext) || tag``, under
  ``settings.BALLOT_KEY`` (from the environment, never in the database), with the session's id as
  associated data so that a tally cannot be moved to another session. The plaintext is fixed-width
  (``FORMAT``): the number of ballots and, per nominee on the agenda in id order, the nominee's id and its
  yes / no / blank counts, each a fixed number of bytes; so its length depends on the agenda alone, never
  on the counts (a counter reaching 10 does not lengthen it). Each vote decrypts it, adds the ballot, and
  encrypts it again under a fresh random nonce, the row locked (``SELECT … FOR UPDATE``) so that two votes
  never both start from the same version; the close decrypts it one last time, writes the totals and
  deletes the row, in its own transaction.
- ``awards_nominee.votes_yes / votes_no / votes_blank / votes_base``: the totals, written once, by the closing
  transaction (or typed by the standing office for a paper ballot). Nothing is written to a nominee while
  the ballot is open.
- ``awards_councilsession``: untouched by a vote, only locked (``SELECT … FOR UPDATE``), so that votes, the
  attendance and the close of one session run one after the other.

What each trace reveals
-----------------------
- Columns: no table holds a member and a choice; before the close the only choice-bearing bytes are
  ciphertext, after it only totals. There is no row per choice, so there is nothing to align with a receipt.
- Order and sequences: the receipts' ids (a sequence), their physical order (ctid) and their transaction ids
  order the voters. That is who voted and in which order, with no choice at any position.
- Timestamps: the receipt has none (``cast_at`` was dropped). PostgreSQL's commit timestamps, when
  ``track_commit_timestamp`` is on, date the receipts: who voted when, again without a choice.
- xmin: a vote writes its receipt and rewrites the sealed row in one transaction (so that a ballot is never
  counted without its receipt, nor the reverse), so while the ballot is open the sealed row's xmin is the
  last vote's transaction id, and that voter's receipt carries the id of its savepoint (a subtransaction of
  the same transaction: the next number, its parent in pg_subtrans). It says that her vote rewrote the
  tally, which every vote does: the new version is the same length and, under a fresh nonce, unrelated to
  the previous one whether the same or other counters moved (AES-GCM is IND-CPA secure as long as a nonce
  is never reused; with 96 random bits per sealing, NIST SP 800-38D allows 2^32 sealings under one key, far
  more than any council casts). After the close the sealed row is gone and the totals carry the closing
  transaction's id, which no receipt shares.
  The session row's xmax names the last transaction that locked it: again who voted, not how.
- SQL logs (PostgreSQL's ``log_statement``, Django's ``django.db.backends``): the counting happens in Python;
  a vote's statements carry the member (the receipt) and ciphertext (the tally), never a choice in clear.
- Application logs: the JSON log lines (``core.middleware.JsonFormatter``) carry the path, the user and the
  request id, never a request body. The ballot view is ``sensitive_post_parameters`` and
  ``sensitive_variables``: an error report (mailed to ADMINS) masks the POST and every local variable.
  Nothing of the POST is echoed back: the success message says only that the ballot was recorded.
- Audit: django-auditlog must never register ``SealedTally`` (``core.audit.EXCLUDED_MODELS``): one entry per
  rewrite would keep every version of the tally with its actor and time, i.e. each member's ballot to anyone
  who also holds the key. Receipts may be audited (who voted, when); the nominees' totals too.

Residual risks
--------------
- Someone holding BOTH the database and the key. Old versions of the sealed row survive as dead tuples until
  VACUUM, in the write-ahead log, and in any backup taken while the ballot was open; with BALLOT_KEY each
  version decrypts, and the difference between two successive versions is one ballot, dated by its xmin to
  one receipt. Keep the key out of the database, its dumps and its backups (the environment of the
  application server only), and trust whoever holds both as one trusts the counting officer.
- A database administrator (or a backup) without the key, even polling between votes, learns who voted, in
  which order and when: what the receipts exist to record, and what the meeting itself shows (who is
  present and hands in a ballot). The agenda's size is public too.
- Integrity: without the key nobody can forge a tally (the GCM tag fails) or move one between sessions (the
  associated data). Putting back an older version of the same session's tally is caught: the number of
  ballots inside must equal the number of receipts, at every vote and at the close. Deleting a receipt AND
  putting back the matching older tally erases that ballot unseen by the software; the member sees her
  "you have voted" disappear, and an audited receipt's deletion stays in the audit trail.
- A wrong or changed key never yields an empty tally: ``unseal`` raises ``SealedTallyError`` and the vote or
  the close is refused whole (a server error, logged, nothing written). Change BALLOT_KEY only when no
  electronic ballot is open (an open one could no longer be counted).
- The application server's memory holds the running tally in clear for the length of one request.
- Tiny councils: a result of 3 votes for out of 3 tells how each voted. That is the result, not a leak.
"""

import base64
import binascii
import os
import struct
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from awards.enums import Choice

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # 96-bit random nonce, fresh at every sealing
FORMAT = 1
_HEAD = struct.Struct(">BI")  # format, ballots cast
_LINE = struct.Struct(">QIII")  # nominee id, yes, no, blank
# The order of the counts of a nominee in the plaintext and in Tally.counts.
COLUMNS = (Choice.YES, Choice.NO, Choice.BLANK)


class SealedTallyError(RuntimeError):
    """The sealed tally cannot be opened, is missing, or does not add up with the receipts: a wrong
    BALLOT_KEY, or a row changed outside the application. Never read as an empty tally."""


@dataclass
class Tally:
    ballots: int = 0
    counts: dict[int, list[int]] = field(default_factory=dict)  # nominee id -> [yes, no, blank]

    @classmethod
    def empty(cls, nominee_ids) -> "Tally":
        return cls(ballots=0, counts={pk: [0, 0, 0] for pk in nominee_ids})

    def add(self, choices: dict[int, str]) -> None:
        """One ballot: a choice per nominee."""
        for pk, choice in choices.items():
            self.counts.setdefault(pk, [0, 0, 0])[COLUMNS.index(choice)] += 1
        self.ballots += 1

    def of(self, nominee_id: int) -> tuple[int, int, int]:
        return tuple(self.counts.get(nominee_id, (0, 0, 0)))


def ballot_key(text: str) -> bytes:
    """The 32 bytes of a BALLOT_KEY written in base64; ValueError when it is not that."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError) as error:
        raise ValueError("BALLOT_KEY is not base64") from error
    if len(key) != KEY_BYTES:
        raise ValueError(f"BALLOT_KEY must be {KEY_BYTES} bytes, not {len(key)}")
    return key


def _associated_data(session_pk: int) -> bytes:
    return b"thidua/council-session/%d/tally" % session_pk


@sensitive_variables()
def seal(tally: Tally, *, session_pk: int) -> bytes:
    plain = _HEAD.pack(FORMAT, tally.ballots) + b"".join(
        _LINE.pack(pk, *tally.counts[pk]) for pk in sorted(tally.counts)
    )
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(ballot_key(settings.BALLOT_KEY)).encrypt(nonce, plain, _associated_data(session_pk))


@sensitive_variables()
def unseal(sealed: bytes, *, session_pk: int) -> Tally:
    sealed = bytes(sealed)
    try:
        plain = AESGCM(ballot_key(settings.BALLOT_KEY)).decrypt(
            sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _associated_data(session_pk)
        )
    except (InvalidTag, ValueError) as error:
        raise SealedTallyError(
            f"The sealed tally of council session {session_pk} cannot be opened: BALLOT_KEY is not the key "
            "it was sealed with, or the row was changed outside the application."
        ) from error
    version, ballots = _HEAD.unpack_from(plain)
    if version != FORMAT or (len(plain) - _HEAD.size) % _LINE.size:
        raise SealedTallyError(f"The sealed tally of council session {session_pk} has an unknown format.")
    lines = (_LINE.unpack_from(plain, offset) for offset in range(_HEAD.size, len(plain), _LINE.size))
    return Tally(ballots=ballots, counts={pk: [yes, no, blank] for pk, yes, no, blank in lines})
