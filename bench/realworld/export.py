"""Export the *.py and *.sql files of one commit of a git mirror into a folder.

    python3 export.py GITDIR COMMIT DEST [FOLDER ...]

Uses ls-tree + cat-file rather than `git archive`, because a snapshot may lack large blobs
(which would abort an archive). Symlinks and missing blobs are skipped.
"""
import os
import subprocess
import sys

gitdir, commit, dest, *folders = sys.argv[1:]
spec = [] if folders in ([], ["."]) else folders
listing = subprocess.run(
    ["git", "--git-dir", gitdir, "ls-tree", "-r", "-z", commit, "--", *spec],
    capture_output=True, check=True,
).stdout
want = []
for entry in filter(None, listing.split(b"\0")):
    meta, path = entry.split(b"\t", 1)
    mode, kind, sha = meta.split()
    if kind == b"blob" and mode != b"120000" and path.endswith((b".py", b".sql")):
        want.append((sha.decode(), os.fsdecode(path)))
cat = subprocess.Popen(["git", "--git-dir", gitdir, "cat-file", "--batch"],
                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
cat.stdin.write("".join(sha + "\n" for sha, _ in want).encode())
cat.stdin.close()
written = 0
for _sha, path in want:  # cat-file answers in the order asked
    header = cat.stdout.readline().split()
    if header[-1] == b"missing":
        continue
    data = cat.stdout.read(int(header[2]))
    cat.stdout.read(1)
    out = os.path.join(dest, path)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as fh:
        fh.write(data)
    written += 1
cat.wait()
