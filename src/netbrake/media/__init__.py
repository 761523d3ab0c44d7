"""Known-content matching: PDQ/MD5/vPDQ hashing, hash banks and an exact PDQ index.

Media bytes are hashed in memory and discarded; only fingerprints are kept
(F8 and the data-handling rule). Interoperates with
python-threatexchange and hasher-matcher-actioner: the same PDQ hashes,
threshold and quality rule, their bank file formats and exchange clients.
"""

from netbrake.media.bank_import import (
    FORMATS,
    BankFormat,
    BankImport,
    BankProblem,
    detect_format,
    export_bank,
    import_bank,
    read_bank,
)
from netbrake.media.bank_library import BankLibrary, check_bank_name
from netbrake.media.brute_force_index import BruteForceIndex
from netbrake.media.chunk_layout import ChunkLayout
from netbrake.media.exchange_fetch import fetch_into_bank
from netbrake.media.faiss_index import FaissMultiHashIndex
from netbrake.media.fingerprint import (
    PDQ_MATCH_THRESHOLD,
    PDQ_MIN_QUALITY,
    hamming,
    parse_md5,
    parse_pdq,
    pdq_distance,
    pdq_hex,
    pdq_words,
)
from netbrake.media.hash_bank import (
    LOCAL_REVIEW,
    BankEntry,
    HashBank,
    Provenance,
    add_review_decision,
    parse_time,
)
from netbrake.media.hasher import MediaError, MediaHasher, Signal, SignalKind
from netbrake.media.match_api import MatchRequest, MatchResponse, answer_match
from netbrake.media.match_index import IndexHits, MatchIndex
from netbrake.media.matcher import HashMatcher, Match, MatchReport, Query, Skipped, match_hashes
from netbrake.media.md5_hasher import Md5Hasher
from netbrake.media.media_hash import MediaHash, hash_media
from netbrake.media.multi_index import MultiIndexHashIndex
from netbrake.media.pdq_hasher import DIHEDRAL, ImageLimits, PdqHasher
from netbrake.media.post_matches import POST_MATCH_SCHEMA, match_posts
from netbrake.media.vpdq_hasher import VpdqHasher, vpdq_available

__all__ = [
    "DIHEDRAL",
    "FORMATS",
    "LOCAL_REVIEW",
    "PDQ_MATCH_THRESHOLD",
    "PDQ_MIN_QUALITY",
    "POST_MATCH_SCHEMA",
    "BankEntry",
    "BankFormat",
    "BankImport",
    "BankLibrary",
    "BankProblem",
    "BruteForceIndex",
    "ChunkLayout",
    "FaissMultiHashIndex",
    "HashBank",
    "HashMatcher",
    "ImageLimits",
    "IndexHits",
    "Match",
    "MatchIndex",
    "MatchReport",
    "MatchRequest",
    "MatchResponse",
    "Md5Hasher",
    "MediaError",
    "MediaHash",
    "MediaHasher",
    "MultiIndexHashIndex",
    "PdqHasher",
    "Provenance",
    "Query",
    "Signal",
    "SignalKind",
    "Skipped",
    "VpdqHasher",
    "add_review_decision",
    "answer_match",
    "check_bank_name",
    "detect_format",
    "export_bank",
    "fetch_into_bank",
    "hamming",
    "hash_media",
    "import_bank",
    "match_hashes",
    "match_posts",
    "parse_md5",
    "parse_pdq",
    "parse_time",
    "pdq_distance",
    "pdq_hex",
    "pdq_words",
    "read_bank",
    "vpdq_available",
]
