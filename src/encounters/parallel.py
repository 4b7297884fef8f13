"""Reading and extraction on a Dask cluster: paths in, extracted documents out, in input order.

In: the paths ``ingest`` takes, an extractor, and either a number of worker processes (a
``LocalCluster`` of that many one-thread processes, started and stopped here) or the address of a
running Dask scheduler (the CLI reads ``ENCOUNTERS_DASK_SCHEDULER``). Out: ``extract_distributed`` — an iterator
of ``(Document or InputError, mentions or ExtractionError or None)`` in exactly the order
``read_paths`` gives the documents, so the job that stores them (``jobs``) does what it does in one
process. The workers read the files themselves: the file list is cut into tasks (a few article
files; a stretch of a JSON Lines file or a web archive, which a worker finds by streaming the file
once — ``ingest.slices``); a worker keeps the extractor it was sent and the spaCy pipeline it
loaded for every later task. At most ``window`` tasks are in flight and results are taken in order,
so the client holds a window of results, never the run's.
"""
from __future__ import annotations

from collections import deque
from contextlib import contextmanager
from typing import Iterable, Iterator

from encounters.core.errors import ConfigurationError, ExtractionError, InputError
from encounters.core.model import Document, Mention
from encounters.extract import Extractor, RuleExtractor
from encounters.ingest.slices import Slice, can_slice, index_file, list_inputs, read_slice

FILES_PER_TASK = 8  # article files (one document each) read and extracted in one task
WINDOW_PER_WORKER = 6  # tasks in flight per worker (the one waited on may be slow: the others keep busy)

CLUSTER_CONFIG = {"logging.distributed": "critical", "distributed.worker.profile.enabled": False,
                  "distributed.admin.tick.interval": "500ms", "distributed.worker.memory.monitor-interval": "2s",
                  "distributed.admin.system-monitor.interval": "2s"}

Extracted = tuple[Document | InputError, list[Mention] | ExtractionError | None]

_EXTRACTORS: dict = {}  # on a worker: the extractor each recipe built, kept for every later task


def recipe_of(extractor: Extractor):
    """What a worker needs to build the same extractor: a small recipe, or the object itself."""
    if type(extractor) is RuleExtractor:
        return ("rules", extractor.batch_size)
    config = getattr(extractor, "config", None)
    if type(extractor).__name__ == "LLMExtractor" and config is not None:
        return ("llm", config)  # its HTTP client stays on this side; the worker opens its own
    return ("object", extractor)


def extractor_from(recipe) -> Extractor:
    kind, arg = recipe
    if kind == "object":
        return arg
    key = (kind, repr(arg))
    if key not in _EXTRACTORS:
        if kind == "rules":
            _EXTRACTORS[key] = RuleExtractor(batch_size=arg)
        else:
            from encounters.extract.llm import LLMExtractor

            _EXTRACTORS[key] = LLMExtractor(arg)
    return _EXTRACTORS[key]


def run_task(pieces: list[Slice], recipe, encoding: str) -> list[Extracted]:
    """On a worker: read these pieces and extract their documents."""
    extractor = extractor_from(recipe)
    items: list[Document | InputError] = [item for piece in pieces for item in read_slice(piece, encoding=encoding)]
    docs = [d for d in items if isinstance(d, Document)]
    results = {id(doc): result for doc, result in extractor.extract(docs)}
    return [(item, results.get(id(item)) if isinstance(item, Document) else None) for item in items]


def plan_tasks(client, paths: Iterable[str], per_slice: int) -> Iterator[list[Slice] | InputError]:
    """The run cut into tasks, in input order: article files in groups, many-document files in
    slices (indexed on a worker, which can see the file), a missing path as its error."""
    group: list[Slice] = []
    for entry in list_inputs(paths):
        if isinstance(entry, InputError):
            if group:
                yield group
                group = []
            yield entry
            continue
        path, doc_id = entry
        if not can_slice(path):
            group.append(Slice(str(path), doc_id))
            if len(group) >= FILES_PER_TASK:
                yield group
                group = []
            continue
        if group:
            yield group
            group = []
        for piece in client.submit(index_file, str(path), doc_id, per_slice, pure=False).result():
            yield [piece]
    if group:
        yield group


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None):
    """A client of the cluster at ``scheduler``, or of a local cluster of ``workers`` processes, one
    thread each, closed on leaving."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - it is in requirements.lock
        raise ConfigurationError("dask.distributed is not installed", hint="run `make install`") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as err:
            raise ConfigurationError(f"cannot reach the Dask scheduler at {scheduler} ({err})",
                                     hint="check the address (tcp://HOST:8786) and that `dask scheduler` runs "
                                          "there") from None
        try:
            yield client
        finally:
            client.close()
        return
    if not workers or workers < 1:
        raise ConfigurationError("--workers must be 1 or more", hint="e.g. --workers 2")
    import dask

    # on the clusters encounters starts (a cluster of your own keeps its config): the workers' statistical
    # profiler (for the dashboard), which samples every thread's stack every 10 ms, about 5% of extraction's
    # time, is off; and the event loops' housekeeping (a tick every 20 ms to spot a blocked loop, memory and
    # system monitors every 100 and 500 ms, in the scheduler, each worker and its nanny) runs less often:
    # on two cores it took 0.13 CPU-seconds a second from extraction
    with dask.config.set(CLUSTER_CONFIG):
        # any free port for the scheduler's HTTP endpoints (never a clash with another cluster's 8787); the
        # workers' chatter at shutdown ("failed to communicate with scheduler") is not the user's business
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=50)
        try:
            client = Client(cluster)
            try:
                yield client
            finally:
                client.close()
        finally:
            cluster.close()


def extract_distributed(client, paths: Iterable[str], extractor: Extractor, *, encoding: str = "utf-8",
                        window: int | None = None, per_slice: int | None = None) -> Iterator[Extracted]:
    """Every document under ``paths`` with its extraction, computed on the cluster, in input order."""
    from encounters.ingest import slices

    per_slice = per_slice or slices.PER_SLICE
    recipe = recipe_of(extractor)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = window or WINDOW_PER_WORKER * workers
    if recipe[0] != "rules":
        [recipe] = client.scatter([recipe], broadcast=True)
    inflight: deque = deque()
    tasks = plan_tasks(client, paths, per_slice)
    done = False
    while True:
        while not done and len(inflight) < window:
            task = next(tasks, None)
            if task is None:
                done = True
            elif isinstance(task, InputError):
                inflight.append(task)
            else:
                inflight.append(client.submit(run_task, task, recipe, encoding, pure=False))
        if not inflight:
            return
        head = inflight.popleft()
        if isinstance(head, InputError):
            yield head, None
            continue
        try:
            results = head.result()
        except Exception as err:  # a worker died, or cannot import encounters or see the files
            raise ConfigurationError(f"a Dask worker failed on a task ({type(err).__name__}: {err})"[:500],
                                     hint="the workers need encounters installed (the same version) and the input "
                                          "paths at the same place; documents stored so far are kept, so run "
                                          "again") from None
        head.release()
        yield from results
