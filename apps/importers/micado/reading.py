"""Reading the dump: texts per item and language (published or editing copy), rows by
id, the source language of an item, and the problems and notes reported on the way.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from apps.importers.micado.common import LANGUAGE_MAP, TRANSLATION_STATES, Problem, Spec
from apps.importers.sqldump import Row


class DumpReading:
    """Reading rows and texts of the dump; mixed into MicadoImporter."""

    def skip(self, key: str, row: Row, table: str, message: str) -> None:
        self.result.counts[key].skipped += 1
        self.result.problems.append(Problem(row.line, table, message))

    def note(self, line: int, table: str, message: str) -> None:
        self.result.notes.append(Problem(line, table, message))

    def step_progress(self, label: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(label, done, total)

    def texts(
        self, spec: Spec, item_id: Any, published: bool
    ) -> tuple[dict[str, dict[str, tuple[str, int]]], dict[str, str]]:
        """{language: {field: (text, line)}} and {language: state} for one item."""
        per_lang: dict[str, dict[str, tuple[str, int]]] = {}
        states: dict[str, str] = {}
        prod = self._by_id(spec.table + "_translation_prod", spec.id_column).get(item_id, [])
        edit = self._by_id(spec.table + "_translation", spec.id_column).get(item_id, [])
        title_col = next(iter(spec.texts))
        use_prod = published and any((r.get(title_col) or "").strip() for r in prod)
        for row in prod if use_prod else edit:
            lang = LANGUAGE_MAP.get(str(row["lang"]).lower())
            values = {
                ours: (row.get(theirs) or "", row.line)
                for theirs, ours in spec.texts.items()
                if (row.get(theirs) or "").strip()
            }
            if lang is None:
                if values:
                    self.result.skipped_languages[str(row["lang"])] += 1
                continue
            if lang not in self.languages or not values:
                if values and lang not in self.languages:
                    self.result.skipped_languages[str(row["lang"])] += 1
                continue
            per_lang[lang] = values
            state = row.get("translationState")
            states[lang] = "published" if use_prod else TRANSLATION_STATES.get(state, "editing")
        return per_lang, states

    def _by_id(self, table: str, column: str) -> dict[Any, list[Row]]:
        cache = self.__dict__.setdefault("_index_cache", {})
        key = (table, column)
        if key not in cache:
            index: dict[Any, list[Row]] = defaultdict(list)
            for row in self.dump.rows(table):
                index[row.get(column)].append(row)
            cache[key] = index
        return cache[key]

    def source_language(self, per_lang: dict[str, dict[str, Any]], title_field: str) -> str | None:
        order = [self.default_language] + [
            LANGUAGE_MAP.get(str(code).lower(), "") for code in self.micado_languages
        ]
        order += sorted(per_lang)
        return next((lang for lang in order if title_field in per_lang.get(lang, {})), None)
