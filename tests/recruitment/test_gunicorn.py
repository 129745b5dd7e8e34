import os

from recruitment import gunicorn


class _Worker:
    pid = 4242


def test_multiprocess_folder_is_emptied_at_start_and_dead_workers_are_marked(tmp_path, monkeypatch):
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_1.db").write_bytes(b"stale")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))

    gunicorn.on_starting(server=None)
    assert folder.is_dir() and os.listdir(folder) == []

    (folder / "gauge_livesum_4242.db").write_bytes(b"")
    gunicorn.child_exit(server=None, worker=_Worker())
    assert not (folder / "gauge_livesum_4242.db").exists()


def test_without_the_folder_setting_the_hooks_do_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    gunicorn.on_starting(server=None)
    gunicorn.child_exit(server=None, worker=_Worker())
