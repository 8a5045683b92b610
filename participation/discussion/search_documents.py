"""Comments in the search index: found while published, not deleted, and their thread's subject is."""
from collections import defaultdict

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..search.document_types import DocumentType, inherited_from, register_document_type, title_of_parent
from ..search.documents import document_row
from .models import Comment, Thread


def comment_documents(ids):
    """A comment sits in the document of its thread's subject, whose type is named like the thread's kind."""
    rows = db.session.execute(
        select(Comment.id, Comment.body, Comment.language, Comment.status, Comment.deleted_at,
               Thread.kind, Thread.programme_item_id, Thread.proposal_id)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Comment.id.in_(ids))
    ).all()

    def subject_id(row):
        return row.programme_item_id if row.kind == "item" else row.proposal_id

    subjects = defaultdict(set)
    for row in rows:
        subjects[row.kind].add(subject_id(row))
    inherited = {kind: inherited_from(kind, subject_ids) for kind, subject_ids in subjects.items()}
    documents = []
    for row in rows:
        subject = inherited[row.kind].get(subject_id(row))
        visible = row.status == "published" and row.deleted_at is None and subject is not None and subject.visible
        documents.append(document_row(
            "comment", row.id, subject.title if subject else "", row.body or "", visible,
            subject.areas if subject else (), language=row.language, parent=f"{row.kind}:{subject_id(row)}",
            index_title=False,
        ))
    return documents


register_document_type(DocumentType(
    name="comment",
    label=_l("Comments"),
    model=Comment,
    build=comment_documents,
    url=lambda document: url_for("discussion.permalink", comment_id=document.target_id),
    heading=lambda document, title: gettext("Comment on “%(title)s”", title=title),
    title_in=lambda document, language: title_of_parent(document.parent, language) or (document.title, "it"),
))
