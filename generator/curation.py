"""content/entities.yml: the editor's judgements about entities, which win over the machine's.

```yaml
entities:                      # declare a canonical entity
  - name: Islamic State group
    type: organization
    aliases: [IS, ISIS, Isis, Daesh, Islamic State]
    description: Jihadist group that held territory in Iraq and Syria
merge:                         # names that are one thing (the first is the canonical name)
  - [Syrian Observatory for Human Rights, Observatory]
ignore: [Twitter]              # names that are not entities
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import textio, yamlio
from .errors import Problem, relpath
from .models import EntityType

FILE = Path("content") / "entities.yml"


class DeclaredEntity(BaseModel):
    """An entity as the editor declares it."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="the canonical name, shown as the page title")
    type: Optional[EntityType] = None
    aliases: list[str] = Field([], description="other names of the same thing, matched case-insensitively")
    description: Optional[str] = None
    slug: Optional[str] = Field(None, description="fixes the page URL (entities/<slug>/)")


class Curation(BaseModel):
    """Everything entities.yml says."""

    model_config = ConfigDict(extra="forbid")
    entities: list[DeclaredEntity] = []
    merge: list[list[str]] = Field([], description="groups of names that are one thing; the first is canonical")
    ignore: list[str] = Field([], description="names that are not entities")

    def declared_for(self, name: str) -> Optional[DeclaredEntity]:
        """The declared entity a name (or alias) belongs to, case-insensitively."""
        key = name.casefold().strip()
        for entity in self.entities:
            if key == entity.name.casefold() or key in (a.casefold() for a in entity.aliases):
                return entity
        return None

    def is_ignored(self, name: str) -> bool:
        """True for names the editor has said are not entities."""
        return name.casefold().strip() in {n.casefold() for n in self.ignore}


def load(root: Path) -> tuple[Curation, list[Problem]]:
    """Read DIR/content/entities.yml (absent: no judgements); problems name the file, line and field."""
    path = root / FILE
    if not path.is_file():
        return Curation(), []
    name = relpath(path, root)
    try:
        data = yamlio.load(textio.decode(path.read_bytes()))
    except textio.NotText as exc:
        return Curation(), [Problem(name, str(exc))]
    except yamlio.YamlProblem as exc:
        return Curation(), [Problem(name, exc.reason, line=exc.line)]
    if data is None:
        return Curation(), []
    if not isinstance(data, dict):
        return Curation(), [Problem(name, "expected a mapping with entities:, merge: and ignore:", line=1)]
    try:
        return Curation.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"])
            reason = "unknown field" if err.get("type") == "extra_forbidden" else err["msg"]
            problems.append(Problem(name, reason, field=field))
        return Curation(), problems
