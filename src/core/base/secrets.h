// Passwords in database connection strings, kept out of everything Sanxian
// shows or stores (console, errors, `info`, JSON, load report, audit trail,
// PDF): the key=value form ("PG:host=h password=x", quoted values with
// spaces and escaped quotes: password='my secret pw') and the URI form
// (postgresql://user:pw@host/db, ?password=pw). Also what a PostgreSQL
// source is, wherever one may be given.
#pragma once

#include <string>

namespace sanxian {

// "PG:…", "postgresql://…" or "postgres://…": a database, not a path.
bool isConnectionString(const std::string& source);

// The text with every password in it replaced by "***": key=value pairs
// named password, and the password of every postgres(ql):// URI in it.
// Safe on any text (a source, a command line, a library's message).
std::string withoutPasswords(const std::string& text);

// `text` (a message from GDAL or libpq about `source`) without the
// password of `source`, wherever it appears, nor any password= pair.
std::string withoutPasswordOf(const std::string& text, const std::string& source);

}  // namespace sanxian
