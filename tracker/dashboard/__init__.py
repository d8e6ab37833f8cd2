"""The dashboard's code behind pages/: views (pure functions over frames), charts,
filters, the Add-articles draft and the Streamlit widgets. The top layer: it may
import every other one.
"""
