DROP TABLE clinical_records;
