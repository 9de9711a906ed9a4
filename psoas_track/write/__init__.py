"""Writing to the person's log without ever damaging it.

journal: `append_entry` (validate, lock, backup, atomic replace) and `init_log`;
templates: the empty-log templates (data/template.csv and .xlsx) made from the schema;
text and xlsx: appending in the file's own dialect; values: checking an entry;
new_log: the one writer of new CSV logs (write_rows: an import's days, `import -o`, whole
or not at all; check_new_log: where one may be written; the templates).
"""

from psoas_track.write.errors import JournalError
from psoas_track.write.files import backup_paths, spreadsheet_lock
from psoas_track.write.journal import Merged, append_entry, append_imported, init_log
from psoas_track.write.new_log import check_new_log, write_rows
from psoas_track.write.values import ENTRY_MEASURES, option_names, validate_entry

__all__ = [
    "ENTRY_MEASURES",
    "JournalError",
    "Merged",
    "append_entry",
    "append_imported",
    "backup_paths",
    "check_new_log",
    "init_log",
    "option_names",
    "spreadsheet_lock",
    "validate_entry",
    "write_rows",
]
