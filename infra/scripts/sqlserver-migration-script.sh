#!/usr/bin/env bash
# Writes the idempotent SQL Server migration script (safe to run against a database at any earlier migration).
# No server is needed to generate it. Usage: infra/scripts/sqlserver-migration-script.sh [output.sql]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-artifacts/sqlserver-migrations.sql}"
mkdir -p "$(dirname "$out")"
dotnet tool restore >/dev/null
dotnet build src/Sponsorship.Migrations.SqlServer >/dev/null
dotnet ef migrations script --idempotent --no-build --project src/Sponsorship.Migrations.SqlServer --output "$out"
echo "Wrote $out"
