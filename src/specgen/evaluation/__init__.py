"""Committee evaluation: 必須 gate, weighted points, 総合評価 with price, member overrides, audit."""
