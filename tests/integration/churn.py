"""Reading beside a writer: the races of a daemon walk that meets objects another client removes."""

import threading


def failures_beside_writer(write_once, read, times):
    """Call read() `times` times while another thread repeats write_once() without a pause (a CI
    job, a prune loop); the messages of the reads that failed."""
    done = threading.Event()

    def writer():
        while not done.is_set():
            write_once()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        results = [read() for _attempt in range(times)]
    finally:
        done.set()
        thread.join()
    return [result['msg'] for result in results if result.failed]
