"""factlex: the command line and the batch pipeline that tie extract/, lexicon/ and store/ together."""
__version__ = "0.1.0"
