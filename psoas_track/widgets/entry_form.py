"""EntryForm: add today's entry to the log from JupyterLab in a few seconds.

>>> from psoas_track.widgets import EntryForm
>>> EntryForm("psoas_log.csv")  # doctest: +SKIP

Every value goes through `journal.append_entry`, so the form writes exactly what
`psoas-track log` would: checked first, in the file's own format, atomically, with a
backup. A number counts only when its box is ticked (moving a slider or typing a number
ticks it), because a blank cell means *not recorded*, never zero.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from psoas_track import schema
from psoas_track.schema import COUNT, FLAG, PAIN_SITE, TEXT
from psoas_track.words import day_so_far, describe_entry, red_flag_lines
from psoas_track.write import ENTRY_MEASURES, JournalError, append_entry

# Bounds for widgets whose measure has no upper limit: what a day can hold.
_DAY_BOUNDS = {"h": 24, "min": 1440, "steps": 100_000, "count": 10_000}
_STEPS = {"h": 0.25, "min": 5, "steps": 500, "count": 5}
_LABEL_STYLE = {"description_width": "13em"}
_WIDE = widgets.Layout(width="34em")


#: The rating of a PSFS activity typed into the form (its name is in `new_activity`).
_NEW_ACTIVITY = "psfs_new_activity"


def _psfs_columns(path: Path) -> list[str]:
    """The PSFS activities the log already has a column for (none when it cannot be read:
    the form's first entry says why)."""
    from psoas_track.errors import PsoasError
    from psoas_track.read import read_log

    try:
        return [c for c in read_log(path).columns.values() if schema.is_psfs_item(c)]
    except (PsoasError, OSError):
        return []


def _bounds(measure: schema.Measure) -> tuple[float, float]:
    low = measure.low if measure.low is not None else 0
    high = measure.high if measure.high is not None else _DAY_BOUNDS.get(measure.unit, 10_000)
    return low, high


class EntryForm:
    """A small form: date, time, numbers with sensible bounds, pain sliders 0-10, notes.

    `EntryForm(path)` shows itself in a notebook; `submit()` is what the button does and
    returns the row written (or None after an error, which the form shows).
    """

    def __init__(self, path: str | Path, today: dt.date | None = None) -> None:
        self.path = Path(path)
        self._fixed_today = today
        day = today or dt.date.today()
        # No day after today (a log refuses future entries): the picker stops at today.
        self.date = widgets.DatePicker(description="Date", value=day, max=day, style=_LABEL_STYLE)
        self.time = widgets.Text(
            description="Time", placeholder="07:30 (optional)", style=_LABEL_STYLE
        )
        self.recorded: dict[str, widgets.Checkbox] = {}
        self.inputs: dict[str, widgets.ValueWidget] = {}
        rows = [self.date, self.time]
        for measure in ENTRY_MEASURES:
            if measure.role != schema.OUTCOME:
                rows.append(self._field(measure))
        rows.insert(-2, self._scores())  # before red flags and notes
        self.button = widgets.Button(
            description="Add entry", button_style="primary", icon="plus", tooltip="Add to log"
        )
        self.button.on_click(lambda _: self.submit())
        self.output = widgets.HTML(value="")
        title = widgets.HTML(f"<b>New entry for</b> <code>{html.escape(str(self.path))}</code>")
        self.widget = widgets.VBox([title, *rows, self.button, self.output])

    # ------------------------------------------------------------ building

    def _scores(self) -> widgets.Widget:
        """The therapist's scores, folded away: PSFS (the log's activities and a new one),
        PEG, PGIC, ODI, KOOS and HOOS."""
        psfs = [self._field(schema.psfs_measure(c)) for c in _psfs_columns(self.path)]
        self.new_activity = widgets.Text(
            description="New PSFS activity",
            placeholder="e.g. Climbing stairs (then rate it below)",
            style=_LABEL_STYLE,
            layout=_WIDE,
        )
        new_rating = self._field(schema.psfs_measure(_NEW_ACTIVITY))
        scores = [self._field(m) for m in ENTRY_MEASURES if m.role == schema.OUTCOME]
        box = widgets.VBox([*psfs, self.new_activity, new_rating, *scores])
        folded = widgets.Accordion(children=[box], selected_index=None)
        folded.set_title(0, "Scores for your therapist (PSFS, PEG, PGIC, ODI, KOOS, HOOS)")
        return folded

    def _field(self, measure: schema.Measure) -> widgets.Widget:
        label = schema.label(measure.name)
        hint = measure.hint[:1].upper() + measure.hint[1:] + "." if measure.hint else ""
        name = measure.name
        if measure.kind == FLAG:
            widget = widgets.ToggleButtons(
                options=[("not recorded", None), ("yes", True), ("no", False)],
                value=None,
                description=measure.label,
                tooltips=[hint] * 3,
                style=_LABEL_STYLE,
            )
            self.inputs[name] = widget
            return widget
        if measure.kind == TEXT:
            kind = widgets.Textarea if name == "notes" else widgets.Text
            widget = kind(
                description=label, placeholder=hint or "text", style=_LABEL_STYLE, layout=_WIDE
            )
            self.inputs[name] = widget
            return widget
        low, high = _bounds(measure)
        if measure.role == PAIN_SITE:
            widget = widgets.FloatSlider(
                value=low, min=low, max=high, step=0.5, readout_format=".1f", description=label
            )
        elif measure.kind == COUNT:
            widget = widgets.BoundedIntText(
                value=int(low),
                min=int(low),
                max=int(high),
                step=_STEPS.get(measure.unit, 1),
                description=label,
            )
        else:
            widget = widgets.BoundedFloatText(
                value=low, min=low, max=high, step=_STEPS.get(measure.unit, 1), description=label
            )
        widget.style = _LABEL_STYLE
        widget.tooltip = hint
        tick = widgets.Checkbox(
            value=False,
            indent=False,
            description="",
            tooltip="Tick to record this value; unticked means not recorded",
            layout=widgets.Layout(width="2em"),
        )
        widget.observe(lambda change, tick=tick: setattr(tick, "value", True), names="value")
        self.recorded[name] = tick
        self.inputs[name] = widget
        return widgets.HBox([tick, widget])

    # ------------------------------------------------------------ using

    def values(self) -> dict[str, Any]:
        """The values the form holds now, by schema name (not recorded ones left out)."""
        values: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            tick = self.recorded.get(name)
            if tick is not None and not tick.value:
                continue
            value = widget.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            values[name] = value
        if _NEW_ACTIVITY in values:
            activity = self.new_activity.value.strip()
            rating = values.pop(_NEW_ACTIVITY)
            if activity:
                values[f"PSFS: {activity}"] = rating
        return values

    def submit(self) -> dict[str, Any] | None:
        """Append the entry; show and return the row written, or show the error."""
        date = self.date.value
        time = self.time.value.strip() or None
        if date == dt.date.today() and time is None:
            date = None  # logging now: append_entry fills in the time if the log has one
        try:
            written = append_entry(self.path, date=date, time=time, **self.values())
            summary = day_so_far(self.path, written["date"])
        except JournalError as error:
            self.output.value = (
                f'<div style="color:#b00020"><b>Not written.</b> {html.escape(str(error))}</div>'
            )
            return None
        flag = ""
        if written.get("red_flags"):
            noted = [{"date": str(written["date"]), "text": written["red_flags"]}]
            words = " ".join(red_flag_lines(noted))
            flag = f'<div style="color:#b00020"><b>{html.escape(words)}</b></div>'
        self.output.value = (
            f'{flag}<div style="color:#1b5e20"><b>Added.</b> '
            f"{html.escape(describe_entry(written))}<br>{html.escape(summary)}</div>"
        )
        self.clear()
        return written

    def clear(self) -> None:
        """Empty the form for the next entry (the date stays)."""
        if self._fixed_today is None:  # a form left open past midnight reaches the new day
            self.date.max = dt.date.today()
        self.time.value = ""
        for name, widget in self.inputs.items():
            if name in self.recorded:
                low, _ = _bounds(schema.measure_of(name))
                widget.value = type(widget.value)(low)
                self.recorded[name].value = False
            elif isinstance(widget, widgets.ToggleButtons):
                widget.value = None
            else:
                widget.value = ""
        self.new_activity.value = ""

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
