import Foundation

/// The Python + PyYAML way to list one owner's tasks: read every task file and parse its
/// frontmatter (with libyaml's C loader when PyYAML has it), as a user's own script would.
enum PythonScript {
    /// The script; arguments: the tasks folder and the owner's email.
    static let text = """
        #!/usr/bin/env python3
        # Written by handoff-bench: lists the tasks an email owns by parsing every task's frontmatter.
        import os
        import sys

        import yaml

        Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root, owner = sys.argv[1], sys.argv[2]
        for folder, _, names in sorted(os.walk(root)):
            for name in sorted(names):
                if not name.endswith(".md"):
                    continue
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    text = handle.read()
                if not text.startswith("---"):
                    continue
                end = text.find("\\n---", 3)
                if end < 0:
                    continue
                fields = yaml.load(text[3:end], Loader=Loader)
                if isinstance(fields, dict) and fields.get("owner") == owner:
                    print(fields.get("id"), fields.get("title"), sep="\\t")

        """

    /// Writes the script into `folder`; returns its path.
    /// - Throws: when it cannot be written.
    static func write(into folder: String) throws -> String {
        let path = folder + "/list_owner.py"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
