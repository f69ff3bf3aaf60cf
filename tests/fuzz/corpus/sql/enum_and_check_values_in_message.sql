CREATE TYPE faith AS ENUM ('jewish', 'muslim S3CR3T-fuzz-token');
CREATE TABLE resident (grp text CHECK (grp IN ('christian', 'hindu S3CR3T-fuzz-token')));
