"""Pure domain logic: values, names, dates, keys, validation, queries. No I/O."""
