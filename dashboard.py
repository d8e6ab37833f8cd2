"""The dashboard's entry point (`streamlit run dashboard.py`): the pages of
pages/ in their numbered order, the Overview first. Layout only.

Streamlit imports this file once as the server's app (`app`), which starts
reading the store as the server starts; each visit then runs it as a script.
"""
from pathlib import Path

import streamlit as st

if __name__ == "__main__":  # a visit: the script run
    st.set_page_config(page_title="Pledge tracker: support to Ukraine", page_icon="🇺🇦", layout="wide")
    PAGES = sorted((Path(__file__).parent / "pages").glob("[0-9]*.py"))
    st.navigation([st.Page(page, default=n == 0) for n, page in enumerate(PAGES)]).run()
else:  # the server starting: the opening view is counted before the first visit asks for it
    from tracker.dashboard.warm import warm_lifespan

    app = st.App(__file__, lifespan=warm_lifespan)
