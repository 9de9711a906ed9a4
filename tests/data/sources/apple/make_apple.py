"""Write the small Apple Health exports that tests/test_source_apple.py reads.

    .venv/bin/python tests/data/sources/apple/make_apple.py

Made up by hand in the layout of a real export (HealthKit Export Version 14): the DOCTYPE
with its internal DTD, ExportDate, Me, Records with MetadataEntry children, a Correlation,
Workouts old-style (duration attributes) and new-style (WorkoutStatistics children),
ActivitySummary. Nobody's data. The output is the same bytes every run.

- export.xml: the export the tests check day by day (the expected values are in the test).
- export.zip: the zip the Health app shares, with export.xml in apple_health_export/ beside
  export_cda.xml, a workout route and an ECG (which the reader must pass by).
- export_ios16.xml: an export with the two flaws real ones have: the DOCTYPE the Health app
  wrote on iOS 16 (an ATTLIST without its closing '>') and a control character (\\x0b) in
  an attribute. Plain XML parsers stop at both.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

PHONE = "Alex’s iPhone"
WATCH = "Alex’s Apple Watch"
PHONE_DEVICE = (
    "&lt;&lt;HKDevice: 0x2830a1e50&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, "
    "hardware:iPhone14,5, software:17.4&gt;"
)
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x2830a2f80&gt;, name:Apple Watch, manufacturer:Apple Inc., "
    "model:Watch, hardware:Watch6,1, software:10.4&gt;"
)

DTD = """\
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType           CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!-- Note: Any Records that appear as children of a correlation also appear as top-level \
records in this document. -->
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  totalEnergyBurned     CDATA #IMPLIED
  totalEnergyBurnedUnit CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutEvent ((MetadataEntry)*)>
<!ATTLIST WorkoutEvent
  type         CDATA #REQUIRED
  date         CDATA #REQUIRED
  duration     CDATA #IMPLIED
  durationUnit CDATA #IMPLIED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type      CDATA #REQUIRED
  startDate CDATA #REQUIRED
  endDate   CDATA #REQUIRED
  average   CDATA #IMPLIED
  minimum   CDATA #IMPLIED
  maximum   CDATA #IMPLIED
  sum       CDATA #IMPLIED
  unit      CDATA #IMPLIED
>
<!ELEMENT WorkoutRoute ((MetadataEntry|FileReference)*)>
<!ATTLIST WorkoutRoute
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT FileReference EMPTY>
<!ATTLIST FileReference
  path CDATA #REQUIRED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents         CDATA #IMPLIED
  activeEnergyBurned     CDATA #IMPLIED
  activeEnergyBurnedGoal CDATA #IMPLIED
  activeEnergyBurnedUnit CDATA #IMPLIED
  appleExerciseTime      CDATA #IMPLIED
  appleExerciseTimeGoal  CDATA #IMPLIED
  appleStandHours        CDATA #IMPLIED
  appleStandHoursGoal    CDATA #IMPLIED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
"""

# What the Health app on iOS 16 wrote: this ATTLIST never closes, so the next '<' is a
# syntax error to any parser that reads the DTD.
IOS16_DTD_FLAW = """\
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
  expirationDate   CDATA #IMPLIED
  brand            CDATA #IMPLIED
<!ELEMENT RightEye EMPTY>
"""

HEAD = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
{dtd}]>
<HealthData locale="en_US">
 <ExportDate value="2024-11-04 09:00:00 -0800"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1985-06-01" \
HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet" \
HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" \
HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet"/>
"""


def record(kind, start, end, value, source=PHONE, device=PHONE_DEVICE, unit="count", body=""):
    device_attribute = f' device="{device}"' if device else ""
    unit_attribute = f' unit="{unit}"' if unit else ""
    opening = (
        f' <Record type="{kind}" sourceName="{source}" sourceVersion="17.4"{device_attribute}'
        f'{unit_attribute} creationDate="{end}" startDate="{start}" endDate="{end}" '
        f'value="{value}"'
    )
    return f"{opening}>\n{body} </Record>\n" if body else f"{opening}/>\n"


def steps(start, end, value, source=PHONE, device=PHONE_DEVICE):
    return record("HKQuantityTypeIdentifierStepCount", start, end, value, source, device)


def watch_steps(start, end, value, source=WATCH):
    return steps(start, end, value, source, WATCH_DEVICE)


def stand(start, end, idle):
    value = "HKCategoryValueAppleStandHour" + ("Idle" if idle else "Stood")
    return record(
        "HKCategoryTypeIdentifierAppleStandHour", start, end, value, WATCH, WATCH_DEVICE, None
    )


def workout(kind, start, end, duration=None, unit="min", body=""):
    timing = f'duration="{duration}" durationUnit="{unit}" ' if duration is not None else ""
    opening = (
        f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" {timing}'
        f'sourceName="{WATCH}" sourceVersion="10.4" device="{WATCH_DEVICE}" '
        f'creationDate="{end}" startDate="{start}" endDate="{end}"'
    )
    return f"{opening}>\n{body} </Workout>\n" if body else f"{opening}/>\n"


def metadata(key, value):
    return f'  <MetadataEntry key="{key}" value="{value}"/>\n'


def statistics(kind, start, end, total, unit):
    return (
        f'  <WorkoutStatistics type="HKQuantityTypeIdentifier{kind}" startDate="{start}" '
        f'endDate="{end}" sum="{total}" unit="{unit}"/>\n'
    )


def step_records() -> str:
    """Three days of steps: the values the tests expect are worked out beside each."""
    return "".join(
        [
            # 2024-03-05 (-0800): 2,540 steps.
            # 08 h, phone and Watch: the Watch's 520 + 300 + 200 (the phone's 500 is the same
            # walk). The 08:50 Watch record runs into 09 h but belongs to 08 h, its start.
            steps("2024-03-05 08:01:03 -0800", "2024-03-05 08:10:59 -0800", 500),
            watch_steps("2024-03-05 08:02:00 -0800", "2024-03-05 08:12:00 -0800", 520),
            watch_steps("2024-03-05 08:30:00 -0800", "2024-03-05 08:40:00 -0800", 300),
            watch_steps("2024-03-05 08:50:00 -0800", "2024-03-05 09:10:00 -0800", 200),
            # 09 h, phone only: 250 + 150.
            steps("2024-03-05 09:15:00 -0800", "2024-03-05 09:24:00 -0800", 250),
            steps("2024-03-05 09:40:00 -0800", "2024-03-05 09:48:00 -0800", 150),
            # 12 h: a Watch named by its owner ("Hyperion"): only its device says Watch.
            watch_steps("2024-03-05 12:05:00 -0800", "2024-03-05 12:20:00 -0800", 1000, "Hyperion"),
            steps("2024-03-05 12:10:00 -0800", "2024-03-05 12:20:00 -0800", 900),
            # 23 h: 07:50 on 6 March in UTC, still 5 March where it was walked.
            steps("2024-03-05 23:50:00 -0800", "2024-03-05 23:58:00 -0800", 120),
            # 2024-03-10, clocks go forward at 02:00 (-0800 -> -0700): 1,280 steps.
            steps("2024-03-10 01:30:00 -0800", "2024-03-10 01:40:00 -0800", 200),
            steps("2024-03-10 03:15:00 -0700", "2024-03-10 03:25:00 -0700", 300),
            watch_steps("2024-03-10 10:00:00 -0700", "2024-03-10 10:20:00 -0700", 700),
            steps("2024-03-10 10:01:00 -0700", "2024-03-10 10:19:00 -0700", 650),
            steps("2024-03-10 23:30:00 -0700", "2024-03-10 23:40:00 -0700", 80),
            # 2024-11-03, clocks go back at 02:00, so 01 h comes twice: 160 steps.
            # The first 01 h (-0700): the Watch's 100 (not the phone's 90).
            watch_steps("2024-11-03 01:10:00 -0700", "2024-11-03 01:20:00 -0700", 100),
            steps("2024-11-03 01:20:00 -0700", "2024-11-03 01:29:00 -0700", 90),
            # The second 01 h (-0800), phone only: 60.
            steps("2024-11-03 01:10:00 -0800", "2024-11-03 01:20:00 -0800", 60),
            # Two records that cannot be read: a date without its time, a word for a number.
            steps("2024-03-05", "2024-03-05", 999),
            steps("2024-03-05 14:00:00 -0800", "2024-03-05 14:10:00 -0800", "lots"),
        ]
    )


def other_records() -> str:
    """Kinds the kit does not import: left out and counted (3 heart rate, 1 energy)."""
    heart = "HKQuantityTypeIdentifierHeartRate"
    motion = metadata("HKMetadataKeyHeartRateMotionContext", "0")
    return "".join(
        [
            record(heart, "2024-03-05 08:05:00 -0800", "2024-03-05 08:05:00 -0800", 96,
                   WATCH, WATCH_DEVICE, "count/min", motion),
            record(heart, "2024-03-05 12:00:00 -0800", "2024-03-05 12:00:00 -0800", 71,
                   WATCH, WATCH_DEVICE, "count/min", motion),
            record(heart, "2024-03-10 10:05:00 -0700", "2024-03-10 10:05:00 -0700", 88,
                   WATCH, WATCH_DEVICE, "count/min", motion),
            record("HKQuantityTypeIdentifierActiveEnergyBurned", "2024-03-05 08:00:00 -0800",
                   "2024-03-05 08:10:00 -0800", 12.5, WATCH, WATCH_DEVICE, "kcal"),
        ]
    )  # fmt: skip


def stand_records() -> str:
    """2024-03-05: idle at 09, 10 and 15 h (09 h exported twice), stood at 11 and 12 h:
    3 sedentary hours. 2024-03-10: stood at 10 and 11 h: 0 sedentary hours."""
    return "".join(
        [
            stand("2024-03-05 09:00:00 -0800", "2024-03-05 10:00:00 -0800", idle=True),
            stand("2024-03-05 09:00:00 -0800", "2024-03-05 10:00:00 -0800", idle=True),
            stand("2024-03-05 10:00:00 -0800", "2024-03-05 11:00:00 -0800", idle=True),
            stand("2024-03-05 11:00:00 -0800", "2024-03-05 12:00:00 -0800", idle=False),
            stand("2024-03-05 12:00:00 -0800", "2024-03-05 13:00:00 -0800", idle=False),
            stand("2024-03-05 15:00:00 -0800", "2024-03-05 16:00:00 -0800", idle=True),
            stand("2024-03-10 10:00:00 -0700", "2024-03-10 11:00:00 -0700", idle=False),
            stand("2024-03-10 11:00:00 -0700", "2024-03-10 12:00:00 -0700", idle=False),
        ]
    )


def blood_pressure() -> str:
    """A Correlation: its two Records are also at the top level, and count once each."""
    start = "2024-03-05 07:30:00 -0800"
    cuff = {"source": "Cuff", "device": "", "unit": "mmHg"}
    systolic = record("HKQuantityTypeIdentifierBloodPressureSystolic", start, start, 118, **cuff)
    diastolic = record("HKQuantityTypeIdentifierBloodPressureDiastolic", start, start, 76, **cuff)
    nested = "".join(" " + line + "\n" for line in (systolic + diastolic).splitlines())
    correlation = (
        f' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Cuff" '
        f'creationDate="{start}" startDate="{start}" endDate="{start}">\n'
        f"{nested} </Correlation>\n"
    )
    return systolic + diastolic + correlation


def workouts() -> str:
    """2024-03-05: walking 45.5 min; running 1,800 s + 10 min late at night = 40 min.
    2024-03-10: hiking 1.5 hr + walking 20.25 min (new style, statistics inside) = 110.25.
    2024-11-03: walking with no duration, 17:00 to 17:40 = 40 min. Cycling: left out.
    A running workout whose start cannot be read: left out."""
    new_start, new_end = "2024-03-10 15:00:00 -0700", "2024-03-10 15:20:15 -0700"
    new_style = (
        metadata("HKIndoorWorkout", "0")
        + metadata("HKTimeZone", "America/Los_Angeles")
        + statistics("StepCount", new_start, new_end, 2100, "count")
        + statistics("DistanceWalkingRunning", new_start, new_end, 1.61, "km")
        + statistics("ActiveEnergyBurned", new_start, new_end, 88.2, "kcal")
    )
    route = (
        f'  <WorkoutRoute sourceName="{PHONE}" creationDate="2024-03-05 08:46:00 -0800" '
        'startDate="2024-03-05 08:00:00 -0800" endDate="2024-03-05 08:45:30 -0800">\n'
        '   <FileReference path="/workout-routes/route_2024-03-05_8.45am.gpx"/>\n'
        "  </WorkoutRoute>\n"
    )
    return "".join(
        [
            workout("Walking", "2024-03-05 08:00:00 -0800", "2024-03-05 08:45:30 -0800",
                    "45.5", "min", metadata("HKIndoorWorkout", "0") + route),
            workout("Running", "2024-03-05 18:00:00 -0800", "2024-03-05 18:30:00 -0800",
                    "1800", "s"),
            workout("Running", "2024-03-05 23:45:00 -0800", "2024-03-05 23:55:00 -0800",
                    "10", "min"),
            workout("Hiking", "2024-03-10 08:00:00 -0700", "2024-03-10 09:30:00 -0700",
                    "1.5", "hr"),
            workout("Walking", new_start, new_end, "20.25", "min", new_style),
            workout("Walking", "2024-11-03 17:00:00 -0800", "2024-11-03 17:40:00 -0800"),
            workout("Cycling", "2024-11-03 09:00:00 -0800", "2024-11-03 10:00:00 -0800",
                    "60", "min"),
            workout("Running", "March 5", "2024-03-05 19:00:00 -0800", "20", "min"),
        ]
    )  # fmt: skip


SUMMARY = (
    ' <ActivitySummary dateComponents="2024-03-05" activeEnergyBurned="412.5" '
    'activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="kcal" appleExerciseTime="62" '
    'appleExerciseTimeGoal="30" appleStandHours="2" appleStandHoursGoal="12"/>\n'
)


def export_xml() -> str:
    body = step_records() + other_records() + stand_records() + blood_pressure()
    return HEAD.format(dtd=DTD) + body + workouts() + SUMMARY + "</HealthData>\n"


def ios16_xml() -> str:
    """A few steps behind iOS 16's broken DOCTYPE; one sourceName holds a \\x0b."""
    body = (
        steps("2024-06-01 09:00:00 +0200", "2024-06-01 09:10:00 +0200", 400, "Alex’s\x0biPhone")
        + watch_steps("2024-06-01 10:00:00 +0200", "2024-06-01 10:10:00 +0200", 600)
        + steps("2024-06-01 10:02:00 +0200", "2024-06-01 10:09:00 +0200", 550)
    )
    return HEAD.format(dtd=DTD + IOS16_DTD_FLAW) + body + "</HealthData>\n"


CDA = """\
<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
 <title>Health Data</title>
</ClinicalDocument>
"""

GPX = """\
<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Apple Health Export">
 <trk><trkseg>
  <trkpt lon="-122.4260" lat="37.7777"><ele>21.3</ele><time>2024-03-05T16:00:05Z</time></trkpt>
 </trkseg></trk>
</gpx>
"""

ECG = "Name,Alex\nRecorded Date,2024-03-05 08:20:00 -0800\nSample Rate,512 hertz\n\n0.1\n"


def write_zip(path: Path, members: dict[str, str]) -> None:
    """A zip like the Health app's; fixed member dates, so the bytes are the same each run."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 11, 4, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))


def zip_members(export: str) -> dict[str, str]:
    folder = "apple_health_export"
    return {
        f"{folder}/workout-routes/route_2024-03-05_8.45am.gpx": GPX,
        f"{folder}/electrocardiograms/ecg_2024-03-05.csv": ECG,
        f"{folder}/export_cda.xml": CDA,
        f"{folder}/export.xml": export,
    }


def main() -> None:
    export = export_xml()
    (HERE / "export.xml").write_bytes(export.encode("utf-8"))
    (HERE / "export_ios16.xml").write_bytes(ios16_xml().encode("utf-8"))
    write_zip(HERE / "export.zip", zip_members(export))


if __name__ == "__main__":
    main()
