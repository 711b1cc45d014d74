"""Airflow DAG for Tandem's nightly run: one run per business date, after the connectors' syncs.

The business date is the day before the end of the run's data interval: the run scheduled at 04:30
UTC on 2026-11-21 builds the warehouse as of the end of 2026-11-20 (every extract dated up to that
day). `{{ ds }}` would not do: under Airflow 3's cron trigger timetable it is the day of the run.

Exit codes (jobs/nightly/job.yml): 1 failed (a retry resumes at the failed step) and 3 no extracts
yet are retried; 2 usage error and 4 another run is writing to the warehouse fail at once, since
retrying cannot help: fix the command, or let the other run finish and trigger this one again.
"""
import os
import subprocess
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException

try:  # Airflow 3
    from airflow.providers.standard.operators.python import PythonOperator
except ImportError:  # Airflow 2
    from airflow.operators.python import PythonOperator

TANDEM_HOME = "/opt/tandem"
NO_RETRY_EXIT_CODES = (2, 4)
BUSINESS_DATE = "{{ macros.ds_add(data_interval_end | ds, -1) }}"


def check_exit_code(code):
    """Turns bin/tandem's exit code into the task's outcome: retried, failed for good, or done."""
    if code == 0:
        return
    if code in NO_RETRY_EXIT_CODES:
        raise AirflowFailException(f"tandem exited with {code}: not retried (see its log)")
    raise AirflowException(f"tandem exited with {code}: retried; a rerun resumes at the failed step")


def run_nightly(business_date):
    env = dict(
        os.environ,
        TANDEM_HOME=TANDEM_HOME,
        TANDEM_LANDING="/data/landing",
        TANDEM_WAREHOUSE="/data/warehouse",
    )
    command = [f"{TANDEM_HOME}/bin/tandem", "run", "--date", business_date]
    check_exit_code(subprocess.run(command, env=env, check=False).returncode)


with DAG(
    dag_id="tandem_nightly",
    description="Ingest the day's extracts and rebuild the alignment warehouse",
    schedule="30 4 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=15)},
    tags=["tandem", "sales", "marketing"],
) as dag:
    nightly = PythonOperator(
        task_id="run",
        python_callable=run_nightly,
        op_kwargs={"business_date": BUSINESS_DATE},
    )
