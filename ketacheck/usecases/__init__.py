"""What ketacheck does, written once for both front ends.

Each use case takes the journal, ``now`` (aware UTC) and, where it shows times, the
patient's zone, and returns a small result value. The CLI and every screen of the app
call these and only present the result; neither reads, renders or writes on its own.
"""
