"""Python sources that steer the extractors: ORM models, migrations, encryption calls,
queries, SQL in strings, and the structures that broke the gate before (deep
nesting, long elif chains, long expressions, odd line ends, noqa comments).

`python_source(c)` returns text; `encode_python(c, text)` turns it into the
bytes a file would hold (BOM, coding cookie, invalid bytes).
"""

from __future__ import annotations

from collections.abc import Callable

from .choices import Chooser
from .sql_gen import sql_source
from .vocab import CHOICE_VALUES, INNOCUOUS, MODELS, ODD_IDENTIFIERS, SECRET, SENSITIVE

# Characters that str.splitlines() breaks at but Python does not (d07), plus
# other oddities that are legal inside strings and comments.
ODD_INLINE = ("\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\t", "\ufeff")
NOQA_COMMENTS = (
    "# noqa", "# noqa: NEV101", "# noqa: NEV102", "# noqa:NEV1", "# NOQA: NEV101,NEV103",
    "# noqa: nev101", "# noqa: NEV101 -- reviewed: needed for EEO reporting",
    "# noqa: NEV10 -- TODO: say why this data is needed", "# noqa : NEV101", "#noqa",
    "# noqa: E501", "# noqa:NEV101,,NEV102 --", "# noqa: NEV101\u2028", "# type: ignore # noqa",
)


def name(c: Chooser) -> str:
    roll = c.number(0, 9)
    if roll < 4:
        return c.pick(SENSITIVE)
    if roll < 8:
        return c.pick(INNOCUOUS)
    return c.pick(ODD_IDENTIFIERS)


def secret(c: Chooser) -> str:
    return f"{SECRET}{c.number(0, 999)}"


def string(c: Chooser, content: str) -> str:
    """`content` as a Python string literal, sometimes with odd characters inside."""
    if c.chance(15):
        content += c.pick(ODD_INLINE) + c.pick(("x", "", "\\n", "\u00e9"))
    quote = c.pick(('"', "'", '"""', "r'", "f'", "b'"))
    if quote == "b'":
        return "b'" + content.encode("ascii", "backslashreplace").decode("ascii").replace("'", "") + "'"
    if quote.endswith("'"):
        return quote + content.replace("'", "").replace("\\", "") + "'"
    return quote + content.replace('"', "").replace("\\", "") + quote


def choice_value(c: Chooser) -> str:
    """A stored choice value; now and then one that also holds a secret, which no report may print."""
    value = c.pick(CHOICE_VALUES)
    return f"{value} {secret(c)}" if c.chance(20) else value


def choices(c: Chooser) -> str:
    pairs = [f"({string(c, value)}, {string(c, c.pick((value.title(), secret(c))))})"
             for value in (choice_value(c) for _ in range(c.number(0, 4)))]
    return "[" + ", ".join(pairs) + "]"


def django_field(c: Chooser) -> str:
    kind = c.pick(("CharField", "TextField", "BooleanField", "IntegerField", "ForeignKey",
                   "EncryptedCharField", "CountryField", "JSONField", "ManyToManyField"))
    args: list[str] = []
    if kind in ("ForeignKey", "ManyToManyField"):
        args.append(string(c, c.pick(MODELS)))
    if c.chance(30):
        args.append(f"max_length={c.number(0, 300)}")
    if c.chance(25):
        args.append(f"choices={choices(c)}")
    if c.chance(15):
        args.append(f"db_column={string(c, name(c))}")
    if c.chance(15):
        args.append(f"default={string(c, secret(c))}")
    if c.chance(10):
        args.append(f"help_text={string(c, c.pick(('self-identified', 'see policy', secret(c))))}")
    prefix = c.pick(("models.", "models.", "", "fields.", "encrypted_fields."))
    return f"{prefix}{kind}({', '.join(args)})"


def django_model(c: Chooser) -> list[str]:
    lines = ["from django.db import models", "", "", f"class {c.pick(MODELS)}(models.Model):"]
    if c.chance(20):
        lines.append(f'    """{c.pick(("A person.", "Lap times of a racing team.", "Settings."))}"""')
    for _ in range(c.number(0, 8)):
        lines.append(f"    {name(c)} = {django_field(c)}{noqa(c)}")
    if c.chance(30):
        lines += ["", "    class Meta:", f"        db_table = {string(c, name(c))}"]
    if len(lines) == 4:
        lines.append("    pass")
    return lines


def sqlalchemy_model(c: Chooser) -> list[str]:
    lines = ["import sqlalchemy as sa", "from sqlalchemy import Column, String, Table",
             "from sqlalchemy.orm import Mapped, mapped_column", "",
             f"class {c.pick(MODELS)}(Base):", f"    __tablename__ = {string(c, name(c))}"]
    for _ in range(c.number(0, 6)):
        field = name(c)
        lines.append(c.pick((
            f"    {field} = Column(String({c.number(1, 99)})){noqa(c)}",
            f"    {field}: Mapped[str] = mapped_column({string(c, name(c))}, sa.String){noqa(c)}",
            f"    {field} = Column({string(c, name(c))}, sa.Enum({', '.join(string(c, v) for v in CHOICE_VALUES[:3])}))",
            f"    {field} = sa.Column(EncryptedType(sa.Unicode, {string(c, secret(c))}))",
        )))
    if c.chance(30):
        lines += ["", f"people = Table({string(c, c.pick(MODELS).lower())}, metadata,",
                  f"    Column({string(c, name(c))}, String), Column({string(c, name(c))}, String))"]
    return lines


def pydantic_model(c: Chooser) -> list[str]:
    base = c.pick(("BaseModel", "SQLModel, table=True", "TypedDict", "Schema"))
    lines = ["from pydantic import BaseModel, Field", "", f"class {c.pick(MODELS)}({base}):"]
    for _ in range(c.number(1, 6)):
        annotation = c.pick(("str", "str | None", "Optional[str]", "Literal['muslim', 'hindu']",
                             "list[str]", "Annotated[str, Field(alias='ethnicity')]", "'Religion'"))
        default = c.pick(("", " = None", f" = Field(None, alias={string(c, name(c))})",
                          f" = {string(c, secret(c))}", " = Field(default_factory=list)"))
        lines.append(f"    {name(c)}: {annotation}{default}{noqa(c)}")
    return lines


def dataclass_model(c: Chooser) -> list[str]:
    lines = ["from dataclasses import dataclass, field", "", c.pick(("@dataclass", "@dataclass(frozen=True)",
             "@attr.s", "@define")), f"class {c.pick(MODELS)}:"]
    for _ in range(c.number(1, 6)):
        lines.append(f"    {name(c)}: {c.pick(('str', 'bool', 'int', 'Race'))} = "
                     f"{c.pick(('None', 'False', 'field(default=None)', string(c, secret(c))))}{noqa(c)}")
    return lines


def django_migration(c: Chooser, operations: int | None = None) -> list[str]:
    model = c.pick(MODELS).lower()
    lines = ["from django.db import migrations, models", "", "",
             "class Migration(migrations.Migration):", "    dependencies = [('app', '0001_initial')]",
             "    operations = ["]
    count = c.number(0, 6) if operations is None else operations
    templates: tuple[Callable[[], str], ...] = (
        lambda: (f"        migrations.AddField(model_name={string(c, model)}, name={string(c, name(c))}, "
                 f"field={django_field(c)}),"),
        lambda: f"        migrations.AlterField({string(c, model)}, {string(c, name(c))}, models.CharField()),",
        lambda: (f"        migrations.RenameField(model_name={string(c, model)}, old_name='notes', "
                 f"new_name={string(c, name(c))}),"),
        lambda: f"        migrations.RemoveField({string(c, model)}, {string(c, name(c))}),",
        lambda: (f"        migrations.CreateModel(name={string(c, c.pick(MODELS))}, fields=[("
                 f"{string(c, name(c))}, {django_field(c)}), ('id', models.AutoField())]),"),
        lambda: f"        migrations.RunSQL({string(c, 'ALTER TABLE t ADD COLUMN ' + name(c) + ' text')}),",
    )
    if operations is None:
        lines += [c.pick(templates)() + noqa(c) for _ in range(count)]
    else:  # many operations on one model: the d20 shape, cheap to build
        lines += [f"        migrations.AddField({model!r}, '{c.pick(SENSITIVE)}_{i}', models.TextField()),"
                  for i in range(count)]
    lines.append("    ]")
    return lines


def alembic_migration(c: Chooser) -> list[str]:
    lines = ["from alembic import op", "import sqlalchemy as sa", "", "def upgrade():"]
    for _ in range(c.number(0, 5)):
        table = string(c, c.pick(MODELS).lower())
        lines.append(c.pick((
            f"    op.add_column({table}, sa.Column({string(c, name(c))}, sa.String())){noqa(c)}",
            f"    op.create_table({table}, sa.Column({string(c, name(c))}, sa.Text()))",
            (f"    op.alter_column({table}, {string(c, name(c))}, type_=sa.String(), "
             f"existing_type=EncryptedType(sa.String, {string(c, secret(c))}))"),
            f"    op.execute({string(c, 'CREATE TABLE x (' + name(c) + ' text)')})",
        )))
    lines.append("    pass")
    return lines


def encryption_calls(c: Chooser) -> list[str]:
    key = string(c, secret(c))
    # The detectors follow imports: without them most of these calls are someone else's.
    imports = ["import boto3, redis, psycopg2", "from pymongo import MongoClient",
               "from sqlalchemy import create_engine"]
    return [*imports[:c.number(0, 3)], c.pick((
        f"r = redis.Redis(host='h', password={key}, ssl=False)",
        f"conn = psycopg2.connect('postgresql://u:{secret(c)}@h/db?sslmode=disable')",
        f"boto3.session.Session(aws_secret_access_key={key}).client('s3', use_ssl=False)",
        f"boto3.client('rds', aws_secret_access_key={key}).create_db_instance(StorageEncrypted=False)",
        f"SESSIONS[{key}].client('s3', use_ssl={c.pick(('False', '0', 'None', 'not True'))})",
        f"DATABASES = {{'default': {{'OPTIONS': {{'sslmode': 'disable', 'password': {key}}}}}}}",
        f"MongoClient({key}, tls=False, tlsInsecure=True)",
        f"client.{name(c)}({key}).connect(ssl_disabled=True)",
        f"engine = create_engine(f'mysql://u:{{{name(c)}}}@h/db?ssl=false&password={secret(c)}')",
    )) + noqa(c)]


def queries(c: Chooser) -> list[str]:
    field, value = name(c), string(c, c.pick(CHOICE_VALUES))
    return [c.pick((
        f"people = Person.objects.filter({field}={value}){noqa(c)}",
        f"rows = df[df.{field} == {value}]",
        f"rows = df[df[{string(c, field)}].isin([{value}])]",
        f"cursor.execute({string(c, f'SELECT * FROM person WHERE {field} = ' + repr(secret(c)))})",
        f"guess = infer_{field}(surname){noqa(c)}",
        f"session.query(Person).filter(Person.{field} == {value}).all()",
    ))]


def sql_in_python(c: Chooser) -> list[str]:
    sql = sql_source(c, statements=c.number(1, 3)).replace("\\", "").replace('"""', "")
    return [f'cursor.execute("""{sql}""")' if c.chance(70) else f"SCHEMA = {string(c, sql)}"]


def deep_blocks(c: Chooser, depth: int) -> list[str]:
    """`depth` nested compound statements (Python allows 100 levels of indentation)."""
    lines = []
    for level in range(depth):
        lines.append("    " * level + c.pick(("if x:", "for a in b:", "with c:", "while y:", "try:")))
    lines.append("    " * depth + f"{name(c)} = models.CharField()")
    return lines


def elif_chain(branches: int) -> list[str]:
    # The d08 shape: valid Python that compiles, one statement per branch.
    lines = ["x = 0", "if x == 0:", "    pass"]
    for i in range(1, branches):
        lines += [f"elif x == {i}:", "    pass"]
    return lines


def long_expression(c: Chooser, size: int) -> list[str]:
    """Deep expression trees the parser accepts: left-nested chains, calls, attributes."""
    atom = name(c)
    return [c.pick((
        f"x = {' + '.join([atom] * size)}",
        f"x = {atom}{'.a' * size}",
        f"x = {atom}{'()' * size}",
        f"x = {' and '.join([atom] * size)}",
        f"x = {'[' * min(size, 190)}{atom}{']' * min(size, 190)}",
        f"x = {'f(' * min(size, 190)}{atom}{')' * min(size, 190)}",
        f"x = {atom} if y else " * min(size, 300) + atom,
    ))]


def noqa(c: Chooser) -> str:
    return "  " + c.pick(NOQA_COMMENTS) if c.chance(15) else ""


BLOCKS: tuple[Callable[[Chooser], list[str]], ...] = (
    django_model, django_model, sqlalchemy_model, pydantic_model, dataclass_model,
    django_migration, alembic_migration, encryption_calls, queries, sql_in_python,
)


def python_source(c: Chooser, large: bool = False) -> str:
    """A module of a few blocks; `large` adds one of the shapes whose cost grows with size."""
    lines: list[str] = []
    if c.chance(10):
        lines.append(c.pick(("#!/usr/bin/env python", "# -*- coding: utf-8 -*-", "# flake8: noqa",
                             "# flake8: noqa -- reviewed: generated", "from __future__ import annotations")))
    for _ in range(c.number(1, 4)):
        lines += c.pick(BLOCKS)(c)
        lines.append("")
    if c.chance(10):
        lines += deep_blocks(c, c.number(1, 30 if not large else 110))
    if c.chance(10):
        lines += long_expression(c, c.number(2, 40 if not large else 3000))
    if large:
        shapes: tuple[Callable[[], list[str]], ...] = (
            lambda: elif_chain(c.number(200, 1500)),
            lambda: django_migration(c, operations=c.number(100, 1200)),
            lambda: ["class P(models.Model):", f"    {c.pick(SENSITIVE) * c.number(100, 4000)} = models.CharField()"],
            lambda: ["class P(models.Model):"] + [f"    {c.pick(SENSITIVE)}_{i} = models.CharField()"
                                                   for i in range(c.number(100, 2000))],
            lambda: long_expression(c, c.number(300, 3000)),
            lambda: [f"x = {'(' * 150}1{')' * 150}  # {'race ' * 2000}"],
        )
        lines += c.pick(shapes)()
    if c.chance(15):
        lines = decorate_lines(c, lines)
    return join_lines(c, lines)


def decorate_lines(c: Chooser, lines: list[str]) -> list[str]:
    """Odd but (mostly) legal characters: form feed before a line, odd separators in comments."""
    for _ in range(c.number(1, 3)):
        if not lines:
            break
        at = c.number(0, len(lines) - 1)
        odd = c.pick(ODD_INLINE)
        lines[at] = c.pick((
            "\x0c" + lines[at],
            lines[at] + f"  # {odd} note",
            f"NOTE = 'a{odd}b'\n" + lines[at],
            lines[at] + ";",
            lines[at] + " \\",
        ))
    return lines


def join_lines(c: Chooser, lines: list[str]) -> str:
    end = c.pick(("\n", "\n", "\n", "\r\n", "\r", "mixed"))
    if end != "mixed":
        text = end.join(lines)
    else:
        text = "".join(line + c.pick(("\n", "\r\n", "\r")) for line in lines)
    return text + c.pick(("\n", "", "\r\n", "\n\n\x0c"))


def encode_python(c: Chooser, text: str) -> bytes:
    """The file's bytes: UTF-8 mostly; sometimes a BOM, a coding cookie, or bytes that are not UTF-8."""
    roll = c.number(0, 19)
    if roll == 0:
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if roll == 1:
        return b"# -*- coding: latin-1 -*-\n" + text.encode("latin-1", "replace")
    if roll == 2:
        return text.encode("utf-8", "surrogatepass").replace(b"e", b"\xe9", 1)
    if roll == 3:
        return b"# coding: nosuchcodec\n" + text.encode("utf-8")
    return text.encode("utf-8", "surrogatepass")


FIELD_TYPES = ("models.CharField(max_length=20)", "EncryptedCharField(max_length=20)", "models.TextField()",
               "encrypted_fields.EncryptedTextField()", "fields.EncryptedJSONField()", "PGPSymmetricKeyField()",
               "FernetTextField()", "models.JSONField()")


def django_migration_chain(c: Chooser, count: int) -> dict[str, bytes]:
    """An app's migrations whose replay decides NEV201: dependencies that go back, forward, to
    themselves or nowhere, merges, squashes, and fields that lose their encryption."""
    names = [f"{number:04d}_{c.pick(('initial', 'auto', 'notes', 'merge', 'squashed'))}" for number in range(1, count + 1)]
    model = c.pick(("patient", "person", "resident"))
    files = {}
    for position, current in enumerate(names):
        # Mostly the one before; now and then any (a cycle, itself), and the first may name the last.
        depends = [c.pick(names) if c.chance(15) else names[position - 1] for _ in range(c.number(0, 2))
                   if position > 0 or c.chance(10)]
        lines = ["from django.db import migrations, models",
                 "from encrypted_model_fields.fields import EncryptedCharField", "",
                 "class Migration(migrations.Migration):",
                 f"    dependencies = [{', '.join(repr(('app', name)) for name in depends)}]"]
        if c.chance(10):
            lines.append(f"    replaces = [{', '.join(repr(('app', c.pick(names))) for _ in range(c.number(1, 3)))}]")
        field = c.pick(("notes", "religion", "ssn", "race"))
        operations = [c.pick((
            f"migrations.CreateModel(name={model!r}, fields=[({field!r}, {c.pick(FIELD_TYPES)})])",
            f"migrations.AddField({model!r}, {field!r}, {c.pick(FIELD_TYPES)})",
            f"migrations.AlterField(model_name={model!r}, name={field!r}, field={c.pick(FIELD_TYPES)})",
            f"migrations.RemoveField({model!r}, {field!r})",
            f"migrations.RenameField({model!r}, {c.pick(('old', field))!r}, {field!r})",
            f"migrations.RenameModel({model!r}, {c.pick(('other', model))!r})",
            f"migrations.DeleteModel({model!r})",
            (f"migrations.SeparateDatabaseAndState(state_operations=[migrations.AlterField({model!r}, {field!r}, "
             f"{c.pick(FIELD_TYPES)})])"),
        )) for _ in range(c.number(0, 4))]
        lines.append(f"    operations = [{', '.join(operations)}]")
        files[f"app/migrations/{current}.py"] = ("\n".join(lines) + "\n").encode()
    files["app/migrations/__init__.py"] = b""
    return files
