"""Airflow DAG for Tandem's nightly run: one task per business date, after the connectors' syncs.

Exit codes (jobs/nightly/job.yml): 1 failed (a retry resumes at the failed step), 3 no extracts yet
(retry later), 4 another run holds the warehouse (retry later), 2 usage error (do not retry).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

TANDEM_HOME = "/opt/tandem"

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
    nightly = BashOperator(
        task_id="run",
        # {{ ds }} is the logical date: the business date the run is "as of".
        bash_command=f"{TANDEM_HOME}/bin/tandem run --date {{{{ ds }}}}",
        env={
            "TANDEM_HOME": TANDEM_HOME,
            "TANDEM_LANDING": "/data/landing",
            "TANDEM_WAREHOUSE": "/data/warehouse",
        },
        append_env=True,
    )
