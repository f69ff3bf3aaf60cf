"""Built-in SQL type names across dialects (lower case).

A column type outside this set is reported in `type_refs` as a user-defined
type (`religion_t`, `ethnicity_enum`). An unlisted vendor type only lands in
type_refs, where the classifier ignores names without sensitive words, so the
list only has to be broad, not complete.
"""

from __future__ import annotations

BUILTIN_TYPES = frozenset(["int", "integer", "int2", "int4", "int8", "int16", "int32", "int64", "int128", "int256", "bigint", "smallint", "tinyint", "mediumint", "serial", "serial2", "serial4", "serial8", "bigserial", "smallserial", "hugeint", "uhugeint", "utinyint", "usmallint", "uinteger", "ubigint", "uint8", "uint16", "uint32", "uint64", "uint128", "uint256", "signed", "unsigned", "numeric", "decimal", "dec", "number", "real", "float", "float4", "float8", "float32", "float64", "double", "money", "smallmoney", "bignumeric", "bigdecimal", "binary_float", "binary_double", "decfloat", "char", "character", "varchar", "varchar2", "nvarchar", "nvarchar2", "nchar", "national", "text", "tinytext", "mediumtext", "longtext", "ntext", "clob", "nclob", "dbclob", "string", "citext", "name", "sysname", "varying", "fixedstring", "lowcardinality", "nullable", "blob", "tinyblob", "mediumblob", "longblob", "bytea", "binary", "varbinary", "image", "raw", "long", "bytes", "bool", "boolean", "bit", "logical", "date", "time", "timetz", "timestamp", "timestamptz", "timestamp_ntz", "timestamp_ltz", "timestamp_tz", "datetime", "datetime2", "datetime64", "datetimeoffset", "smalldatetime", "date32", "interval", "year", "uuid", "uniqueidentifier", "guid", "json", "jsonb", "jsonpath", "xml", "xmltype", "variant", "object", "array", "struct", "map", "list", "union", "tuple", "record", "row", "any", "enum", "enum8", "enum16", "set", "hstore", "ltree", "inet", "cidr", "macaddr", "macaddr8", "ipv4", "ipv6", "point", "line", "lseg", "box", "path", "polygon", "circle", "geometry", "geography", "tsvector", "tsquery", "regclass", "regtype", "oid", "xid", "cid", "tid", "pg_lsn", "txid_snapshot", "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange", "vector", "halfvec", "sparsevec", "bitstring", "varint", "rowid", "urowid", "sql_variant", "hierarchyid", "rowversion", "counter", "ascii", "varchar_ignorecase"])

BOOLEAN_TYPES = frozenset({"bool", "boolean"})

# Types whose arguments are the allowed values: MySQL ENUM('a','b') and
# SET('a','b'), ClickHouse Enum8('a' = 1, 'b' = 2).
VALUE_LIST_TYPES = frozenset({"enum", "set", "enum8", "enum16"})
