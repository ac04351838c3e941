// Passwords of connection strings are masked in every form users write them.
#include <gtest/gtest.h>

#include "core/base/secrets.h"
#include "core/io/load.h"

namespace sanxian {
namespace {

TEST(Secrets, KeyValuePasswordsAreMaskedQuotedOrNot) {
  EXPECT_EQ(withoutPasswords("PG:host=db dbname=x user=u password=s3cret port=5432"), "PG:host=db dbname=x user=u password=*** port=5432");
  // `password='my secret pw'` printed `secret pw'`.
  EXPECT_EQ(withoutPasswords("PG:host=db password='my secret pw' dbname=x"), "PG:host=db password=*** dbname=x");
  EXPECT_EQ(withoutPasswords("PG:password = 'it\\'s' user=u"), "PG:password = *** user=u");
  EXPECT_EQ(withoutPasswords("PG:host=db PASSWORD=x"), "PG:host=db PASSWORD=***");
  EXPECT_EQ(withoutPasswords("PG:host=db passwordless=1"), "PG:host=db passwordless=1");
}

TEST(Secrets, UriPasswordsAreMasked) {
  EXPECT_EQ(withoutPasswords("postgresql://user:pw@host:5432/db"), "postgresql://user:***@host:5432/db");
  EXPECT_EQ(withoutPasswords("postgres://user:p%40ss@host/db?sslmode=require"), "postgres://user:***@host/db?sslmode=require");
  EXPECT_EQ(withoutPasswords("postgresql://user@host/db?password=pw&sslmode=require"), "postgresql://user@host/db?password=***&sslmode=require");
  EXPECT_EQ(withoutPasswords("PG:postgresql://u:pw@h/db"), "PG:postgresql://u:***@h/db");
  EXPECT_EQ(withoutPasswords("postgresql://user@host/db"), "postgresql://user@host/db");
  // In a command line, wherever it stands.
  EXPECT_EQ(withoutPasswords("sanxian info --a=postgresql://u:pw@h/db -o x"), "sanxian info --a=postgresql://u:***@h/db -o x");
}

TEST(Secrets, ALibraryMessageLosesThePasswordOfItsSource) {
  EXPECT_EQ(withoutPasswordOf("FATAL: no user for hunter22", "PG:host=h password=hunter22"), "FATAL: no user for ***");
  EXPECT_TRUE(isConnectionString("postgresql://h/db"));
  EXPECT_TRUE(isConnectionString("PG:dbname=x"));
  EXPECT_FALSE(isConnectionString("/data/pg.shp"));
}

// A server that accepts and never answers held a run forever: every
// connection gets timeouts, the user's own taking precedence.
TEST(PostgresTimeouts, AreAddedUnlessTheConnectionStringSetsItsOwn) {
  EXPECT_EQ(connectionWithTimeouts("PG:host=h dbname=d"), "PG:host=h dbname=d connect_timeout=10 options='-c statement_timeout=300000'");
  EXPECT_EQ(connectionWithTimeouts("PG:host=h connect_timeout = 3 options='-c statement_timeout=5s'"),
            "PG:host=h connect_timeout = 3 options='-c statement_timeout=5s'");
  EXPECT_EQ(connectionWithTimeouts("postgresql://u@h/d"), "postgresql://u@h/d?connect_timeout=10&options=-c%20statement_timeout%3D300000");
  EXPECT_EQ(connectionWithTimeouts("postgresql://u@h/d?sslmode=require&connect_timeout=2"),
            "postgresql://u@h/d?sslmode=require&connect_timeout=2&options=-c%20statement_timeout%3D300000");
}

}  // namespace
}  // namespace sanxian
