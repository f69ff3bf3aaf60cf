GO
SET default_table_encryption = OFF;
